//! Command-line arguments of `lab`: the value of a flag, written `--flag value` or `--flag=value`.

/// The value given to `name` in `args`, if any.
pub fn flag_value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == name {
            return it.next().map(String::as_str);
        }
        if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::flag_value;

    #[test]
    fn both_spellings_and_absence() {
        let args: Vec<String> = ["--seed", "7", "--json", "--actions=a.txt"].iter().map(|s| s.to_string()).collect();
        assert_eq!(flag_value(&args, "--seed"), Some("7"));
        assert_eq!(flag_value(&args, "--actions"), Some("a.txt"));
        assert_eq!(flag_value(&args, "--port"), None);
        assert_eq!(flag_value(&args[..1], "--seed"), None);
    }
}
