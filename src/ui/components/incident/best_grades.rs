//! The learner's best grade per scenario, kept in localStorage as a JSON object `id → score`.
//! An unreadable value is treated as empty and left untouched (never overwritten).

use crate::str_map::StrMap;
use crate::ui::browser;

/// The localStorage key.
pub const KEY: &str = "rollback-lab.incident-best";

/// The stored best grades; `None` when the stored value cannot be read (so it must not be replaced).
fn stored() -> Option<StrMap<u32>> {
    match browser::storage_get_raw(KEY) {
        None => Some(StrMap::new()),
        Some(raw) => read(&raw),
    }
}

/// The stored text read as serde_json reads a `BTreeMap<String, u32>` (into a [`StrMap`], the same
/// pairs), through the `Value` reader every build has (a typed `from_str` compiled a deserializer of
/// its own, with its type errors): an object whose values are all whole numbers from 0 to `u32::MAX`, else `None`. The one
/// difference: of a key written twice, serde checks every value and this reader the last one.
fn read(raw: &str) -> Option<StrMap<u32>> {
    let Ok(serde_json::Value::Object(stored)) = serde_json::from_str(raw) else { return None };
    let mut map = StrMap::new();
    for (id, score) in stored {
        map.insert(id, u32::try_from(score.as_u64()?).ok()?);
    }
    Some(map)
}

/// The best grades, empty when storage is unreadable.
pub fn load() -> StrMap<u32> {
    stored().unwrap_or_default()
}

/// Records a score; keeps the better one. Does nothing if the stored value is unreadable.
pub fn record(id: &str, score: u32) {
    let Some(mut map) = stored() else { return };
    match map.get_mut(id) {
        Some(best) => *best = (*best).max(score),
        None => {
            map.insert(id.to_owned(), score);
        }
    }
    browser::storage_set_raw(KEY, &write(map));
}

/// The text `serde_json::to_string` writes for the map, by the `Value` writer every build has.
fn write(map: StrMap<u32>) -> String {
    let mut json = serde_json::Map::new();
    for (id, score) in map {
        json.insert(id, score.into());
    }
    crate::json_indent::compact(&serde_json::Value::Object(json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn keeps_the_best_and_leaves_garbage_alone() {
        browser::storage_remove(KEY);
        record("a", 40);
        record("a", 80);
        record("a", 60);
        assert_eq!(load().get("a"), Some(&80));
        browser::storage_set_raw(KEY, "{not json");
        assert!(load().is_empty());
        record("a", 90);
        assert_eq!(browser::storage_get_raw(KEY).as_deref(), Some("{not json"));
        browser::storage_remove(KEY);
    }

    /// A text for the stored value: mostly objects of scores, with every kind of JSON value and
    /// key, and damaged; with whether a key is written twice.
    fn text(r: &mut crate::chacha8::ChaCha8) -> (String, bool) {
        const VALUES: [&str; 24] = [
            "0", "7", "80", "100", "4294967295", "4294967296", "18446744073709551615", "18446744073709551616", "-1", "-0",
            "1.0", "1e2", "0.5", "1E400", "\"80\"", "null", "true", "[]", "{}", "[80]", "{\"a\":1}", "01", "+1", "",
        ];
        const KEYS: [&str; 7] = ["a", "b", "cluster-drain", "\\\"", "\\u00e9", "\\ud800", ""];
        let mut pick = |n: usize| r.next_u32() as usize % n;
        let mut t = String::new();
        let mut keys = Vec::new();
        match pick(12) {
            0 => t.push_str(VALUES[pick(VALUES.len())]),
            1 => t.push_str("[1, 2]"),
            _ => {
                t.push('{');
                for i in 0..pick(6) {
                    if i > 0 {
                        t.push_str(if pick(20) == 0 { ",," } else { ", " });
                    }
                    let key = pick(KEYS.len());
                    keys.push(key);
                    t.push_str(&format!("\"{}\":", KEYS[key]));
                    t.push_str(if pick(4) == 0 { VALUES[pick(VALUES.len())] } else { VALUES[pick(5)] });
                }
                t.push('}');
            }
        }
        match pick(10) {
            0 => t.truncate(pick(t.len() + 1)),
            1 => t.push_str(" \n"),
            2 => t.push_str(" x"),
            _ => {}
        }
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        (t, keys.len() < n)
    }

    #[test]
    fn reads_and_writes_what_serde_reads_and_writes() {
        let mut r = crate::chacha8::ChaCha8::seed_from_u64(13);
        let (mut read_some, mut refused) = (0, 0);
        for _ in 0..200_000 {
            let (t, twice) = text(&mut r);
            let serde = serde_json::from_str::<BTreeMap<String, u32>>(&t).ok();
            // A key written twice is the one difference (see `read`): serde refuses it when any of its
            // values is not a score, this reader when the last one is not.
            if !twice || serde.is_some() {
                assert_eq!(read(&t), serde.clone().map(StrMap::from), "{t}");
            }
            match serde {
                Some(map) => {
                    assert_eq!(write(StrMap::from(map.clone())), serde_json::to_string(&map).unwrap());
                    read_some += 1;
                }
                None => refused += 1,
            }
        }
        assert!(read_some > 50_000 && refused > 50_000, "{read_some} read, {refused} refused");
    }
}
