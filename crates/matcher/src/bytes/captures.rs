//! Matches and capture groups of a byte haystack, in byte offsets.

use crate::captures::GroupNames;
use crate::template::Piece;
use std::sync::Arc;

/// One match: a byte range of the haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h [u8],
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    /// Group `group` of byte slots, if it participated.
    pub(crate) fn from_slots(
        haystack: &'h [u8],
        slots: &[Option<usize>],
        group: usize,
    ) -> Option<Match<'h>> {
        match (slots.get(2 * group)?, slots.get(2 * group + 1)?) {
            (Some(s), Some(e)) if s <= e && *e <= haystack.len() => Some(Match {
                haystack,
                start: *s,
                end: *e,
            }),
            _ => None,
        }
    }

    /// An empty match at `at` (clamped into the haystack).
    pub(crate) fn empty_at(haystack: &'h [u8], at: usize) -> Match<'h> {
        let at = at.min(haystack.len());
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

    /// The matched bytes.
    pub fn as_bytes(&self) -> &'h [u8] {
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

/// The groups of one match.
#[derive(Clone, Debug)]
pub struct Captures<'h> {
    haystack: &'h [u8],
    slots: Vec<Option<usize>>,
    names: Arc<GroupNames>,
}

impl<'h> Captures<'h> {
    pub(crate) fn new(
        haystack: &'h [u8],
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
    /// group's bytes (nothing when it did not participate or does not exist) and `$$` by
    /// `$`. A name is looked up only when it is UTF-8.
    pub fn expand(&self, template: &[u8], dst: &mut Vec<u8>) {
        for piece in crate::template::pieces(template) {
            let group = match piece {
                Piece::Text(r) => {
                    dst.extend_from_slice(&template[r]);
                    continue;
                }
                Piece::Index(i) => self.get(i),
                Piece::Name(r) => std::str::from_utf8(&template[r])
                    .ok()
                    .and_then(|n| self.name(n)),
            };
            if let Some(m) = group {
                dst.extend_from_slice(m.as_bytes());
            }
        }
    }
}
