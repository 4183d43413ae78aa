//! [`NameMap`]: a small map from names to values, the operations of a `BTreeMap<String, V>` that the
//! model's aliases and the best grades use, on a `Vec` kept in name order. The incident build
//! compiled the B-tree's code for `<String, u32>` for these two maps alone (insertion, search, entry,
//! iteration, drop: 4.3 KB raw); they hold a handful of names each. Serialized and deserialized as
//! the map they replace (a JSON or TOML table), so files and outputs are the same.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Names to values, each name once, in ascending name order (as a `BTreeMap` iterates).
#[derive(Clone, Debug, PartialEq)]
pub struct NameMap<V>(Vec<(String, V)>);

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap(Vec::new())
    }
}

impl<V> NameMap<V> {
    pub fn new() -> Self {
        NameMap(Vec::new())
    }

    /// Where `name` is, or where it would go.
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    /// Sets `name` to `value`; the value it had, if any (as `BTreeMap::insert`).
    pub fn insert(&mut self, name: String, value: V) -> Option<V> {
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&V> {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        self.find(name).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The pairs in name order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'a, V> IntoIterator for &'a NameMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a String, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<V> IntoIterator for NameMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The same pairs (a map's are in name order already).
impl<V> From<BTreeMap<String, V>> for NameMap<V> {
    fn from(map: BTreeMap<String, V>) -> Self {
        NameMap(map.into_iter().collect())
    }
}

impl<V: Serialize> Serialize for NameMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// Read as a `BTreeMap<String, V>` (a name written twice keeps its last value), on the native side
/// only in practice: the browser reads the shipped scenarios with `sim::shipped`.
impl<'de, V: Deserialize<'de>> Deserialize<'de> for NameMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, V>::deserialize(deserializer).map(NameMap::from)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3_000, ..ProptestConfig::default() })]

        /// Every operation answers as `BTreeMap<String, u32>`'s: inserts (with the value replaced),
        /// lookups of names in and out, changes through `get_mut`, length, both orders, JSON both ways.
        #[test]
        fn a_name_map_behaves_as_the_btree_map(
            inserted in proptest::collection::vec(("[a-c]{0,3}|[A-Za-z0-9_é-]{0,6}", any::<u32>()), 0..14),
            changed in proptest::collection::vec(("[a-c]{0,3}", any::<u32>()), 0..4),
            asked in proptest::collection::vec("[a-c]{0,3}|[A-Za-z0-9_é-]{0,6}", 0..6),
        ) {
            let mut ours = NameMap::new();
            let mut map = BTreeMap::new();
            for (k, v) in &inserted {
                prop_assert_eq!(ours.insert(k.clone(), *v), map.insert(k.clone(), *v));
            }
            for (k, v) in &changed {
                if let Some(x) = ours.get_mut(k) {
                    *x = *v;
                }
                if let Some(x) = map.get_mut(k) {
                    *x = *v;
                }
            }
            for k in asked.iter().chain(inserted.iter().map(|(k, _)| k)) {
                prop_assert_eq!(ours.get(k), map.get(k));
                prop_assert_eq!(ours.contains_key(k), map.contains_key(k));
            }
            prop_assert_eq!(ours.len(), map.len());
            prop_assert_eq!(ours.is_empty(), map.is_empty());
            prop_assert!(ours.iter().eq(map.iter()));
            prop_assert!(ours.iter().rev().eq(map.iter().rev()));
            prop_assert!((&ours).into_iter().eq(map.iter()));
            let json = serde_json::to_string(&ours).unwrap();
            prop_assert_eq!(&json, &serde_json::to_string(&map).unwrap());
            prop_assert_eq!(&serde_json::from_str::<NameMap<u32>>(&json).unwrap(), &NameMap::from(map.clone()));
            prop_assert!(ours.clone().into_iter().eq(map.clone()));
        }
    }

    #[test]
    fn reads_what_the_map_reads() {
        for text in ["{}", r#"{"b":2,"a":1}"#, r#"{"a":1,"a":3}"#, r#"{"a":-1}"#, r#"{"a":"1"}"#, "[]", "null"] {
            let ours = serde_json::from_str::<NameMap<u32>>(text).map_err(|e| e.to_string());
            let map = serde_json::from_str::<BTreeMap<String, u32>>(text).map(NameMap::from).map_err(|e| e.to_string());
            assert_eq!(ours, map, "{text}");
        }
        let toml: BTreeMap<String, NameMap<u32>> = toml::from_str("t = { champion = 2, a = 1 }").unwrap();
        assert_eq!(toml["t"].iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(), [("a", 1), ("champion", 2)]);
    }
}
