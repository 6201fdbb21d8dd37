//! Minterms: the coarsest partition of the characters that every class in the pattern
//! respects.
//!
//! Transitions are labelled with sets of minterms instead of characters, so the products
//! the analysis builds never enumerate characters: two transitions can fire on the same
//! input exactly when their minterm sets intersect, and any member of a shared minterm is
//! a concrete witness character.

use regex_syntax::hir::ClassUnicode;

/// A minterm id.
pub type MintermId = u32;

/// The partition.
#[derive(Clone, Debug)]
pub struct Minterms {
    /// Each minterm as sorted ranges.
    pub ranges: Vec<Vec<(char, char)>>,
}

/// A set of minterms, as a sorted list of ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub Vec<MintermId>);

impl Label {
    /// Whether the two labels share a minterm; returns the first shared one.
    pub fn meet(&self, other: &Label) -> Option<MintermId> {
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() && j < other.0.len() {
            match self.0[i].cmp(&other.0[j]) {
                std::cmp::Ordering::Equal => return Some(self.0[i]),
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        None
    }

    /// Whether the label contains minterm `m`.
    pub fn contains(&self, m: MintermId) -> bool {
        self.0.binary_search(&m).is_ok()
    }
}

impl Minterms {
    /// Partitions the characters by membership in `sets`. Returns the partition and, for
    /// each set, its label. The last minterm may be the characters in no set.
    pub fn build(sets: &[ClassUnicode]) -> (Minterms, Vec<Label>) {
        // Elementary intervals between all range boundaries.
        let mut cuts: Vec<u32> = vec![0, 0x110000];
        for s in sets {
            for r in s.ranges() {
                cuts.push(r.start() as u32);
                cuts.push(r.end() as u32 + 1);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        // Signature of each interval: which sets contain it.
        let mut by_signature: std::collections::HashMap<Vec<u32>, Vec<(u32, u32)>> =
            Default::default();
        let mut order: Vec<Vec<u32>> = Vec::new();
        let mut cursors = vec![0usize; sets.len()];
        for w in cuts.windows(2) {
            let (lo, hi) = (w[0], w[1] - 1);
            let mut sig = Vec::new();
            for (k, s) in sets.iter().enumerate() {
                let rs = s.ranges();
                while cursors[k] < rs.len() && (rs[cursors[k]].end() as u32) < lo {
                    cursors[k] += 1;
                }
                if cursors[k] < rs.len() && (rs[cursors[k]].start() as u32) <= lo {
                    sig.push(k as u32);
                }
            }
            let entry = by_signature.entry(sig.clone()).or_default();
            if entry.is_empty() {
                order.push(sig);
            }
            entry.push((lo, hi));
        }
        let mut ranges = Vec::new();
        let mut labels: Vec<Vec<MintermId>> = vec![Vec::new(); sets.len()];
        for sig in order {
            let id = ranges.len() as MintermId;
            let rs: Vec<(char, char)> = by_signature[&sig]
                .iter()
                .filter_map(|&(lo, hi)| {
                    // Skip the surrogate gap, which no char can be in.
                    let lo = if (0xD800..0xE000).contains(&lo) {
                        0xE000
                    } else {
                        lo
                    };
                    let hi = if (0xD800..0xE000).contains(&hi) {
                        0xD7FF
                    } else {
                        hi
                    };
                    Some((char::from_u32(lo)?, char::from_u32(hi)?)).filter(|(a, b)| a <= b)
                })
                .collect();
            if rs.is_empty() {
                continue;
            }
            ranges.push(rs);
            for k in sig {
                labels[k as usize].push(id);
            }
        }
        (Minterms { ranges }, labels.into_iter().map(Label).collect())
    }

    /// How many minterms.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// A representative character of minterm `m`, preferring printable ASCII.
    pub fn representative(&self, m: MintermId) -> char {
        let rs = &self.ranges[m as usize];
        for &(a, b) in rs {
            for c in [a, b] {
                if c.is_ascii_graphic() {
                    return c;
                }
            }
            let lo = a.max('!');
            if lo <= b && lo <= '~' {
                return lo;
            }
        }
        rs[0].0
    }

    /// The minterm holding `c`.
    pub fn of(&self, c: char) -> Option<MintermId> {
        self.ranges
            .iter()
            .position(|rs| rs.iter().any(|&(a, b)| a <= c && c <= b))
            .map(|i| i as MintermId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_syntax::hir::ClassUnicodeRange as R;

    #[test]
    fn partitions_overlapping_classes() {
        let az = ClassUnicode::new([R::new('a', 'z')]);
        let digits_and_f = ClassUnicode::new([R::new('0', '9'), R::new('f', 'f')]);
        let (m, labels) = Minterms::build(&[az, digits_and_f]);
        // {a-e, g-z} (same membership), f, 0-9, everything else.
        assert_eq!(m.len(), 4);
        assert_eq!(labels[0].0.len(), 2);
        assert_eq!(m.of('b'), m.of('y'));
        assert_eq!(labels[1].0.len(), 2);
        assert!(labels[0].meet(&labels[1]).is_some(), "they share f");
        let f = m.of('f').unwrap();
        assert!(labels[0].contains(f) && labels[1].contains(f));
        let other = m.of('!').unwrap();
        let rep = m.representative(other);
        assert!(
            rep.is_ascii_graphic() && m.of(rep) == Some(other),
            "{rep:?}"
        );
    }
}
