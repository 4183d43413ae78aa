//! Stable sorts that share one compiled sort routine.
//!
//! Every `slice::sort_by` call with a new element type or comparator is a new copy of the standard
//! library's sort in the wasm (about 2–4 KB each; the full build of session 3 had over twenty, see
//! docs/performance.md). These functions sort the positions `0..len` instead, through a `&dyn`
//! comparator, so the sort itself is compiled once; then they move the elements into that order.
//!
//! They give exactly the order the standard stable sort gives: the sort of positions is stable and
//! ties keep their original order. Use them for comparators that are a total order (any `Ord`
//! key); a comparator that is not (`partial_cmp` with NaN) may order differently from `sort_by`.

use std::cmp::Ordering;

/// The positions `0..len` in stable sorted order under `cmp`. The one monomorphic sort.
fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..len).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Puts `v` in the order `idx`: afterwards `v[i]` is the element that was at `idx[i]`.
/// `idx` must be a permutation of `0..v.len()`; it is consumed.
fn permute<T>(v: &mut [T], mut idx: Vec<usize>) {
    for start in 0..idx.len() {
        let mut cur = start;
        // Position `cur` holds the element that started the cycle; it takes its due one, in turn.
        while idx[cur] != start {
            let next = idx[cur];
            v.swap(cur, next);
            idx[cur] = cur;
            cur = next;
        }
        idx[cur] = cur;
    }
}

/// Like `slice::sort_by` (stable).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let idx = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, idx);
}

/// Like `slice::sort` (stable).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The set of `items`, like `collect::<BTreeSet<_>>()` but built by insertion: `collect` sorts the
/// items first, which compiles one more copy of the standard sort per element type (measured in
/// the quiz build: five such copies, docs/performance.md "Session 7").
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> std::collections::BTreeSet<T> {
    let mut set = std::collections::BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// The map of `items`, like `collect::<BTreeMap<_, _>>()` but built by insertion (`collect` sorts the
/// pairs first: one more copy of the standard sort per iterator type). As with `collect`, the last
/// value given for a key is the one kept.
pub fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> std::collections::BTreeMap<K, V> {
    let mut map = std::collections::BTreeMap::new();
    for (k, v) in items {
        map.insert(k, v);
    }
    map
}

/// The items sorted and without repeats, as a `Vec`: the set a `BTreeSet` would hold, for code that
/// only builds a small set, compares, counts or searches it. A `BTreeSet` compiles its node code
/// (insert, search, drop, iteration: 2–5 KB) once per element type; this only the shared sort and
/// `dedup` (measured in the quiz build, docs/performance.md "Session 8").
pub fn sorted_set<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = items.into_iter().collect();
    sort(&mut v);
    v.dedup();
    v
}

/// Inserts `item` into `v`, a `Vec` kept sorted without repeats (see [`sorted_set`]): false when it
/// was there already, as `BTreeSet::insert`.
pub fn insert_sorted<T: Ord>(v: &mut Vec<T>, item: T) -> bool {
    match v.binary_search(&item) {
        Ok(_) => false,
        Err(at) => {
            v.insert(at, item);
            true
        }
    }
}

/// The value under `key` in `v`, a `Vec` of pairs kept sorted by key without repeats, inserted as
/// `V::default()` when absent: `BTreeMap::entry(key).or_default()` for a small map that is only
/// built and read in key order (see [`sorted_set`] for why).
pub fn entry_sorted<K: Ord, V: Default>(v: &mut Vec<(K, V)>, key: K) -> &mut V {
    let at = match v.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(at) => at,
        Err(at) => {
            v.insert(at, (key, V::default()));
            at
        }
    };
    &mut v[at].1
}

/// Like `slice::sort_by_key` (stable).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency), enough to make many orders and ties.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn same_order_as_the_standard_stable_sort_ties_included() {
        let mut seed = 7;
        for len in 0..200 {
            // Keys with many ties; the second field tells equal keys apart, so stability shows.
            let v: Vec<(u64, usize)> = (0..len).map(|i| (lcg(&mut seed) % 5, i)).collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = v.clone();
            std_sorted.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(ours, std_sorted, "len {len}");
        }
    }

    #[test]
    fn sort_and_sort_by_key_match_std() {
        let mut seed = 11;
        let words: Vec<String> = (0..300).map(|_| format!("w{}", lcg(&mut seed) % 40)).collect();
        let (mut a, mut b) = (words.clone(), words.clone());
        sort(&mut a);
        b.sort();
        assert_eq!(a, b);
        let (mut a, mut b) = (words.clone(), words);
        sort_by_key(&mut a, |w| std::cmp::Reverse(w.len()));
        b.sort_by_key(|w| std::cmp::Reverse(w.len()));
        assert_eq!(a, b);
    }

    #[test]
    fn permute_moves_every_element_once() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e'];
        permute(&mut v, vec![2, 0, 1, 4, 3]);
        assert_eq!(v, vec!['c', 'a', 'b', 'e', 'd']);
    }

    #[test]
    fn map_of_is_the_map_collect_builds_last_value_kept() {
        let mut seed = 5;
        for len in 0..100 {
            let v: Vec<(u64, usize)> = (0..len).map(|i| (lcg(&mut seed) % 13, i)).collect();
            let ours = map_of(v.iter().copied());
            assert_eq!(ours, v.iter().copied().collect::<std::collections::BTreeMap<u64, usize>>(), "len {len}");
            for (k, i) in &ours {
                assert_eq!(v.iter().rev().find(|(key, _)| key == k).map(|(_, i)| i), Some(i), "the last value for {k}");
            }
        }
    }

    #[test]
    fn set_of_is_the_set_collect_builds() {
        let mut seed = 3;
        for len in 0..100 {
            let v: Vec<u64> = (0..len).map(|_| lcg(&mut seed) % 17).collect();
            let ours = set_of(v.iter().copied());
            assert_eq!(ours, v.iter().copied().collect::<std::collections::BTreeSet<u64>>(), "len {len}");
            assert_eq!(ours.len(), { let mut d = v.clone(); d.sort(); d.dedup(); d.len() });
        }
    }

    #[test]
    fn sorted_sets_hold_what_a_btreeset_holds() {
        let mut r = crate::quiz::shuffle::Shuffler::new(21);
        for len in 0..100 {
            let v: Vec<u32> = (0..len).map(|_| r.below(20)).collect();
            let set: std::collections::BTreeSet<u32> = v.iter().copied().collect();
            assert_eq!(sorted_set(v.iter().copied()), set.iter().copied().collect::<Vec<_>>(), "{v:?}");
            let mut inserted = Vec::new();
            let mut model = std::collections::BTreeSet::new();
            for &x in &v {
                assert_eq!(insert_sorted(&mut inserted, x), model.insert(x), "{v:?}");
            }
            assert_eq!(inserted, model.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn sorted_entries_hold_what_a_btreemap_holds() {
        let mut r = crate::quiz::shuffle::Shuffler::new(5);
        for len in 0..60 {
            let mut pairs = Vec::new();
            let mut model = std::collections::BTreeMap::new();
            for _ in 0..len {
                let (k, add) = (r.below(12), r.below(100));
                *entry_sorted(&mut pairs, k) += add;
                *model.entry(k).or_default() += add;
            }
            assert_eq!(pairs, model.into_iter().collect::<Vec<(u32, u32)>>());
        }
    }
}
