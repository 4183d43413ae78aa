//! A map from names to values, kept as two `Vec`s sorted by name: what a `BTreeMap<String, V>`
//! holds, in its order, for the learner's saved maps (best scores, badges, review cards), a
//! question's lint waivers (`pack::Question::waive`, read with every pack the learner loads), a
//! model's aliases in the simulator (`sim::registry`) and the incidents' best grades.
//!
//! A `BTreeMap` compiles its node code (insert with splits, remove with merges and steals, search,
//! iteration, drop) once per value type: the quiz build had it for every map of saved progress.
//! Here the search is one function over the names, shared by every value type, and each value type
//! adds only a `Vec::insert` and `Vec::remove` (docs/performance.md, "Session 14"). The maps hold a
//! learner's packs and misconception tags: dozens of entries, where a sorted `Vec` is as quick.
//!
//! Same semantics as the `BTreeMap` it replaces: keys ordered as `String`s compare (bytewise), one
//! value per key, the same `Debug` text and the same JSON object (or TOML table) written and read by
//! serde.

use std::collections::BTreeMap;
use std::fmt;

/// A map from `String` keys to `V`, in key order (see the module docs).
#[derive(Clone, PartialEq, Eq)]
pub struct StrMap<V> {
    /// Ascending, without repeats.
    keys: Vec<String>,
    /// `values[i]` is the value of `keys[i]`.
    values: Vec<V>,
}

impl<V> Default for StrMap<V> {
    fn default() -> Self {
        StrMap { keys: Vec::new(), values: Vec::new() }
    }
}

/// Where `key` is in `keys`, or where it would go: compiled once for every value type.
#[inline(never)]
fn find(keys: &[String], key: &str) -> Result<usize, usize> {
    keys.binary_search_by(|k| k.as_str().cmp(key))
}

impl<V> StrMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the map has no entry.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        find(&self.keys, key).ok().map(|i| &self.values[i])
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        find(&self.keys, key).ok().map(|i| &mut self.values[i])
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        find(&self.keys, key).is_ok()
    }

    /// Sets the value of `key`; the value it had, if any.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match find(&self.keys, &key) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], value)),
            Err(i) => {
                self.keys.insert(i, key);
                self.values.insert(i, value);
                None
            }
        }
    }

    /// Takes `key` out; its value, if it had one.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = find(&self.keys, key).ok()?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    /// Takes every entry out.
    pub fn clear(&mut self) {
        self.keys.clear();
        self.values.clear();
    }

    /// The entry of `key`, to read or fill (as `BTreeMap::entry`).
    pub fn entry(&mut self, key: String) -> Entry<'_, V> {
        Entry { map: self, key }
    }

    /// Every entry, in key order.
    pub fn iter(&self) -> std::iter::Zip<std::slice::Iter<'_, String>, std::slice::Iter<'_, V>> {
        self.keys.iter().zip(self.values.iter())
    }

    /// Every key, in order.
    pub fn keys(&self) -> std::slice::Iter<'_, String> {
        self.keys.iter()
    }

    /// Every value, in key order.
    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.values.iter()
    }
}

/// One key of a [`StrMap`], with or without a value yet.
pub struct Entry<'a, V> {
    map: &'a mut StrMap<V>,
    key: String,
}

impl<'a, V> Entry<'a, V> {
    /// The value, inserting `value` first when the key has none.
    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    /// The value, inserting `make()` first when the key has none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let map = self.map;
        let i = match find(&map.keys, &self.key) {
            Ok(i) => i,
            Err(i) => {
                map.keys.insert(i, self.key);
                map.values.insert(i, make());
                i
            }
        };
        &mut map.values[i]
    }

    /// The value, inserting `V::default()` first when the key has none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<'a, V> IntoIterator for &'a StrMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::Iter<'a, V>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<V> IntoIterator for StrMap<V> {
    type Item = (String, V);
    type IntoIter = std::iter::Zip<std::vec::IntoIter<String>, std::vec::IntoIter<V>>;

    /// Every entry, in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter().zip(self.values)
    }
}

/// The same entries (a `BTreeMap`'s are in key order already).
impl<V> From<BTreeMap<String, V>> for StrMap<V> {
    fn from(map: BTreeMap<String, V>) -> Self {
        let (keys, values) = map.into_iter().unzip();
        StrMap { keys, values }
    }
}

impl<V> FromIterator<(String, V)> for StrMap<V> {
    /// As `collect` into a `BTreeMap`: the last value given for a key is kept.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(items: I) -> Self {
        let mut map = StrMap::new();
        for (k, v) in items {
            map.insert(k, v);
        }
        map
    }
}

impl<V> std::ops::Index<&str> for StrMap<V> {
    type Output = V;

    /// Panics when `key` has no value, as `BTreeMap`'s index does (tests only).
    fn index(&self, key: &str) -> &V {
        self.get(key).expect("no entry for this key")
    }
}

impl<V: fmt::Debug> fmt::Debug for StrMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: serde::Serialize> serde::Serialize for StrMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// Read as a `BTreeMap<String, V>` (a key written twice keeps its last value). On the native side
/// only in practice: the browser reads the files the site wrote with the light readers
/// (`sim::shipped`, `pack::read`).
impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for StrMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, V>::deserialize(deserializer).map(StrMap::from)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    /// One change to a map, as the code that keeps progress makes them.
    #[derive(Clone, Debug)]
    enum Op {
        Insert(String, u32),
        Remove(String),
        OrInsert(String, u32),
        OrDefaultAdd(String, u32),
        GetMutAdd(String, u32),
    }

    /// Keys from a small alphabet (so they repeat), with ASCII and non-ASCII, empty and prefixes.
    fn key() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(vec!["a", "b", "Z", "-", "é", "ß", "\u{0}", "a-b", "😀"]), 0..4)
            .prop_map(|parts| parts.concat())
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (key(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
            key().prop_map(Op::Remove),
            (key(), any::<u32>()).prop_map(|(k, v)| Op::OrInsert(k, v)),
            (key(), 0..1000u32).prop_map(|(k, v)| Op::OrDefaultAdd(k, v)),
            (key(), 0..1000u32).prop_map(|(k, v)| Op::GetMutAdd(k, v)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// After any sequence of changes, the map holds what a `BTreeMap` holds, answers every
        /// change and every look-up as it does, iterates in its order, and prints and serialises
        /// to the same text.
        #[test]
        fn a_str_map_is_a_btreemap(ops in prop::collection::vec(op(), 0..60), probes in prop::collection::vec(key(), 0..20)) {
            let mut ours: StrMap<u32> = StrMap::new();
            let mut model: BTreeMap<String, u32> = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Insert(k, v) => prop_assert_eq!(ours.insert(k.clone(), v), model.insert(k, v)),
                    Op::Remove(k) => prop_assert_eq!(ours.remove(&k), model.remove(&k)),
                    Op::OrInsert(k, v) => prop_assert_eq!(*ours.entry(k.clone()).or_insert(v), *model.entry(k).or_insert(v)),
                    Op::OrDefaultAdd(k, v) => {
                        *ours.entry(k.clone()).or_default() += v;
                        *model.entry(k).or_default() += v;
                    }
                    Op::GetMutAdd(k, v) => {
                        if let Some(x) = ours.get_mut(&k) { *x += v; }
                        if let Some(x) = model.get_mut(&k) { *x += v; }
                    }
                }
                prop_assert_eq!(ours.len(), model.len());
                prop_assert_eq!(ours.is_empty(), model.is_empty());
            }
            prop_assert_eq!(ours.iter().collect::<Vec<_>>(), model.iter().collect::<Vec<_>>());
            prop_assert_eq!((&ours).into_iter().collect::<Vec<_>>(), model.iter().collect::<Vec<_>>());
            prop_assert_eq!(ours.keys().collect::<Vec<_>>(), model.keys().collect::<Vec<_>>());
            prop_assert_eq!(ours.values().collect::<Vec<_>>(), model.values().collect::<Vec<_>>());
            for k in probes {
                prop_assert_eq!(ours.get(&k), model.get(&k));
                prop_assert_eq!(ours.contains_key(&k), model.contains_key(&k));
            }
            prop_assert_eq!(format!("{ours:?}"), format!("{model:?}"));
            prop_assert_eq!(format!("{ours:#?}"), format!("{model:#?}"));
            prop_assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&model).unwrap());
            let collected: StrMap<u32> = model.clone().into_iter().rev().collect();
            prop_assert_eq!(collected.iter().collect::<Vec<_>>(), model.iter().collect::<Vec<_>>());
            // Backwards, by value, from a `BTreeMap`, and read back from its JSON.
            prop_assert_eq!(ours.iter().rev().collect::<Vec<_>>(), model.iter().rev().collect::<Vec<_>>());
            prop_assert_eq!(&StrMap::from(model.clone()), &ours);
            let json = serde_json::to_string(&model).unwrap();
            prop_assert_eq!(&serde_json::from_str::<StrMap<u32>>(&json).unwrap(), &ours);
            prop_assert_eq!(ours.into_iter().collect::<Vec<_>>(), model.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn index_and_equality() {
        let a: StrMap<u8> = [("x".to_owned(), 1), ("a".to_owned(), 2), ("x".to_owned(), 3)].into_iter().collect();
        assert_eq!((a["a"], a["x"], a.len()), (2, 3, 2));
        let b: StrMap<u8> = [("a".to_owned(), 2), ("x".to_owned(), 3)].into_iter().collect();
        assert_eq!(a, b);
        assert_ne!(a, StrMap::default());
        let mut c = a.clone();
        c.clear();
        assert!(c.is_empty() && c.keys().next().is_none() && c.values().next().is_none());
        assert_eq!(c, StrMap::default());
    }

    /// Read as serde reads a map: a key given twice keeps its last value, in JSON as in TOML.
    #[test]
    fn read_as_a_map() {
        let json: StrMap<u32> = serde_json::from_str(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        assert_eq!(json.iter().collect::<Vec<_>>(), [(&"a".to_owned(), &2), (&"b".to_owned(), &3)]);
        #[derive(serde::Deserialize)]
        struct File {
            aliases: StrMap<u32>,
        }
        let toml: File = toml::from_str("[aliases]\nprod = 3\nstaging = 4\n").unwrap();
        assert_eq!((toml.aliases["prod"], toml.aliases["staging"], toml.aliases.len()), (3, 4, 2));
        assert!(serde_json::from_str::<StrMap<u32>>("[1, 2]").is_err());
    }
}
