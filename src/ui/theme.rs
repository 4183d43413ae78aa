//! Light and dark themes. The page follows the system setting until the learner picks a theme
//! with the toggle; that choice is remembered in localStorage and wins from then on.

use super::browser;

/// Storage key of the remembered choice.
const STORAGE_KEY: &str = "rollback-lab.theme";

/// A colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The value written to `<html data-theme>` and to storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads a stored value; anything unexpected counts as "no choice made".
    pub fn parse(value: &str) -> Option<Theme> {
        match value {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The other theme.
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// The theme to show now: the remembered choice, else the system's preference.
pub fn current() -> Theme {
    browser::storage_get(STORAGE_KEY)
        .as_deref()
        .and_then(Theme::parse)
        .unwrap_or_else(|| if browser::prefers_dark() { Theme::Dark } else { Theme::Light })
}

/// Shows `theme` and remembers it as the learner's choice.
pub fn choose(theme: Theme) {
    browser::storage_set(STORAGE_KEY, theme.as_str());
    apply(theme);
}

/// Shows `theme` without remembering it.
pub fn apply(theme: Theme) {
    browser::set_root_attribute("data-theme", theme.as_str());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_and_rejects_junk() {
        for theme in [Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(theme.as_str()), Some(theme));
            assert_eq!(theme.toggled().toggled(), theme);
            assert_ne!(theme.toggled(), theme);
        }
        assert_eq!(Theme::parse("Dark"), None);
        assert_eq!(Theme::parse(""), None);
    }
}
