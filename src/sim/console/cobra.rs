//! Flag parsing the way Go's cobra/pflag does it, for the tools built on it that have their own
//! grammar file here (`helm`, `argocd`): `--flag value`, `--flag=value`, `-f value`, `-fvalue`,
//! boolean flags with an optional `=true|false`, `--` ending the flags. Errors carry pflag's wording
//! (`unknown flag: --foo`, `flag needs an argument: --max`), without the tool's prefix; cobra's
//! unknown-command error, with its suggestions, is [`unknown_command`].
//!
//! Architecture invariant: never panics on any input (no byte slicing, no indexing).

use super::suggest::{did_you_mean, suggestions};

/// A flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    /// Long name without dashes.
    pub long: &'static str,
    /// One-letter shorthand.
    pub short: Option<char>,
    /// Whether it takes a value.
    pub takes_value: bool,
}

/// A flag with a value.
pub const fn value(long: &'static str, short: Option<char>) -> Flag {
    Flag { long, short, takes_value: true }
}

/// A boolean flag.
pub const fn switch(long: &'static str, short: Option<char>) -> Flag {
    Flag { long, short, takes_value: false }
}

/// Positional arguments and the flags given (last one wins).
#[derive(Debug, Default)]
pub struct Args {
    /// Positional arguments, in order.
    pub pos: Vec<String>,
    flags: Vec<(&'static str, String)>,
}

impl Args {
    /// The value of a flag, if given.
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(l, _)| *l == long).map(|(_, v)| v.as_str())
    }

    /// Whether a boolean flag is set.
    pub fn on(&self, long: &str) -> bool {
        self.get(long).is_some_and(|v| v == "true")
    }

    /// Whether a flag was given at all.
    pub fn given(&self, long: &str) -> bool {
        self.get(long).is_some()
    }

    /// A flag's value as a whole number (pflag's `strconv.ParseInt` error otherwise).
    pub fn int(&self, long: &str) -> Result<Option<i64>, String> {
        match self.get(long) {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
                format!("invalid argument \"{}\" for \"--{long}\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax", clean(v), clean(v))
            }),
        }
    }
}

/// A word capped and stripped of control characters, for error messages.
pub fn clean(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// cobra's error for an unknown subcommand of `path`, with its suggestions and the usage pointer
/// (`Error: ` prefix included, as cobra prints it).
pub fn unknown_command<'a>(word: &str, path: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let s = suggestions(word, candidates);
    // cobra's suggestion block ends in a newline, and the error line gets one more.
    let gap = if s.is_empty() { "\n" } else { "\n\n" };
    format!("Error: unknown command \"{}\" for \"{path}\"{}{gap}Run '{path} --help' for usage.", clean(word), did_you_mean(&s))
}

/// Splits `words` into positional arguments and the flags in `specs`.
pub fn split(words: &[String], specs: &[Flag]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut i = 0usize;
    let mut only_pos = false;
    while let Some(w) = words.get(i) {
        i += 1;
        if only_pos || w == "-" || !w.starts_with('-') {
            args.pos.push(w.clone());
            continue;
        }
        if w == "--" {
            only_pos = true;
            continue;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            // pflag names the flag and suggests nothing.
            let Some(spec) = specs.iter().find(|s| s.long == name) else { return Err(format!("unknown flag: --{}", clean(name))) };
            let v = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None => match words.get(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => return Err(format!("flag needs an argument: --{}", spec.long)),
                    },
                }
            } else {
                match inline.as_deref() {
                    None | Some("true") => "true".to_string(),
                    Some("false") => "false".to_string(),
                    Some(v) => {
                        return Err(format!(
                            "invalid argument \"{}\" for \"--{}\" flag: strconv.ParseBool: parsing \"{}\": invalid syntax",
                            clean(v),
                            spec.long,
                            clean(v)
                        ));
                    }
                }
            };
            args.flags.push((spec.long, v));
            continue;
        }
        let mut rest: Vec<char> = w.chars().skip(1).collect();
        while !rest.is_empty() {
            let c = rest.remove(0);
            let Some(spec) = specs.iter().find(|s| s.short == Some(c)) else {
                return Err(format!("unknown shorthand flag: '{c}' in {}", clean(w)));
            };
            if spec.takes_value {
                let mut v: String = rest.drain(..).collect();
                if let Some(stripped) = v.strip_prefix('=') {
                    v = stripped.to_string();
                }
                if v.is_empty() {
                    match words.get(i) {
                        Some(next) => {
                            i += 1;
                            v = next.clone();
                        }
                        None => return Err(format!("flag needs an argument: '{c}' in -{c}")),
                    }
                }
                args.flags.push((spec.long, v));
            } else {
                args.flags.push((spec.long, "true".to_string()));
            }
        }
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn spellings_and_errors() {
        let specs = [value("max", None), switch("all", Some('a')), value("namespace", Some('n'))];
        let a = split(&w("rel --max=3 -a -nprod"), &specs).unwrap();
        assert_eq!((a.pos.as_slice(), a.get("max"), a.on("all"), a.get("namespace")), (&["rel".to_string()][..], Some("3"), true, Some("prod")));
        assert_eq!(split(&w("--mx 3"), &specs).unwrap_err(), "unknown flag: --mx");
        assert_eq!(split(&w("--max"), &specs).unwrap_err(), "flag needs an argument: --max");
        assert_eq!(split(&w("-z"), &specs).unwrap_err(), "unknown shorthand flag: 'z' in -z");
        assert_eq!(split(&w("--all=maybe"), &specs).unwrap_err(), "invalid argument \"maybe\" for \"--all\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assert_eq!(split(&w("--max x"), &specs).unwrap().int("max").unwrap_err(), "invalid argument \"x\" for \"--max\" flag: strconv.ParseInt: parsing \"x\": invalid syntax");
    }

    #[test]
    fn unknown_commands_read_like_cobra() {
        assert_eq!(unknown_command("lst", "helm", ["list", "history"]), "Error: unknown command \"lst\" for \"helm\"\n\nDid you mean this?\n\tlist\n\nRun 'helm --help' for usage.");
        assert_eq!(unknown_command("zzzzzz", "helm", ["list"]), "Error: unknown command \"zzzzzz\" for \"helm\"\nRun 'helm --help' for usage.");
    }
}
