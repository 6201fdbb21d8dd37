//! Matches and capture groups, in byte offsets of the haystack.

use crate::template::Piece;
use std::sync::Arc;

/// One match: a byte range of the haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    /// Group `group` of byte slots, if it participated.
    pub(crate) fn from_slots(
        haystack: &'h str,
        slots: &[Option<usize>],
        group: usize,
    ) -> Option<Match<'h>> {
        match (slots.get(2 * group)?, slots.get(2 * group + 1)?) {
            (Some(s), Some(e))
                if s <= e && haystack.is_char_boundary(*s) && haystack.is_char_boundary(*e) =>
            {
                Some(Match {
                    haystack,
                    start: *s,
                    end: *e,
                })
            }
            _ => None,
        }
    }

    /// An empty match at `at` (clamped into the haystack).
    pub(crate) fn empty_at(haystack: &'h str, at: usize) -> Match<'h> {
        let at = if haystack.is_char_boundary(at) { at } else { 0 };
        Match {
            haystack,
            start: at,
            end: at,
        }
    }

    /// Byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the match.
    pub fn end(&self) -> usize {
        self.end
    }

    /// `start()..end()`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the match is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Group names by index (group 0 first, unnamed groups `None`).
#[derive(Debug)]
pub(crate) struct GroupNames {
    names: Vec<Option<String>>,
}

impl GroupNames {
    pub(crate) fn new(names: Vec<Option<String>>) -> GroupNames {
        GroupNames { names }
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        self.names.iter().map(Option::as_deref)
    }

    /// Indices of the groups called `name` (JavaScript allows one name on several groups
    /// in different alternatives).
    pub(crate) fn indices<'a>(&'a self, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.names
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.as_deref() == Some(name))
            .map(|(i, _)| i)
    }
}

/// The groups of one match.
#[derive(Clone, Debug)]
pub struct Captures<'h> {
    haystack: &'h str,
    slots: Vec<Option<usize>>,
    names: Arc<GroupNames>,
}

impl<'h> Captures<'h> {
    pub(crate) fn new(
        haystack: &'h str,
        slots: Vec<Option<usize>>,
        names: Arc<GroupNames>,
    ) -> Captures<'h> {
        Captures {
            haystack,
            slots,
            names,
        }
    }

    /// Group `i` (0 is the whole match), if it participated.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        Match::from_slots(self.haystack, &self.slots, i)
    }

    /// The whole match.
    pub fn get_match(&self) -> Match<'h> {
        self.get(0).unwrap_or(Match::empty_at(self.haystack, 0))
    }

    /// The group called `name`, if it participated (of several groups with that name, the
    /// one that did).
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        self.names.indices(name).find_map(|i| self.get(i))
    }

    /// Number of groups, group 0 included.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Always false: group 0 is always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Each group in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<Match<'h>>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Appends `template` to `dst` with `$1`, `${1}`, `$name`, `${name}` replaced by the
    /// group's text (empty when it did not participate or does not exist) and `$$` by `$`.
    pub fn expand(&self, template: &str, dst: &mut String) {
        for piece in crate::template::pieces(template.as_bytes()) {
            let group = match piece {
                Piece::Text(r) => {
                    // Cut next to ASCII bytes only, so always a `&str`.
                    dst.push_str(template.get(r).unwrap_or_default());
                    continue;
                }
                Piece::Index(i) => self.get(i),
                Piece::Name(r) => self.name(template.get(r).unwrap_or_default()),
            };
            if let Some(m) = group {
                dst.push_str(m.as_str());
            }
        }
    }
}
