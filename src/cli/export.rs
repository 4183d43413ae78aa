//! `lab export-pack` and `lab import-pack`: the command side of [`crate::lms`].

use std::path::Path;

use crate::cli::args::{ExportFormat, ImportFormat};
use crate::lms::{self, draft, gift, moodle, qti};

/// What an export gives: the bytes to write, and one line per question the format skipped.
pub struct Exported {
    pub bytes: Vec<u8>,
    pub skipped: Vec<String>,
}

/// Exports the pack named `pack` (an id or a TOML path) in `format`.
pub fn export(pack: &str, format: ExportFormat) -> Result<Exported, String> {
    let pack = lms::load_pack(pack)?;
    Ok(match format {
        ExportFormat::Json => Exported { bytes: format!("{}\n", crate::pack::to_json(&pack)).into_bytes(), skipped: Vec::new() },
        ExportFormat::MoodleXml => Exported { bytes: moodle::export(&pack).into_bytes(), skipped: Vec::new() },
        ExportFormat::Gift => {
            let (text, skipped) = gift::export(&pack);
            Exported { bytes: text.into_bytes(), skipped }
        }
        ExportFormat::Qti => {
            let (bytes, skipped) = qti::package(&pack)?;
            Exported { bytes, skipped }
        }
    })
}

/// `lab export-pack`: writes to `out` (or returns the text for standard output); skipped
/// questions go to standard error, one a line.
pub fn run_export(pack: &str, format: ExportFormat, out: Option<&Path>) -> Result<String, String> {
    let exported = export(pack, format)?;
    for line in &exported.skipped {
        eprintln!("{line}");
    }
    match out {
        Some(path) => {
            std::fs::write(path, &exported.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(String::new())
        }
        None if format == ExportFormat::Qti => Err("export-pack: a QTI package is a zip; give -o FILE.zip".to_owned()),
        None => String::from_utf8(exported.bytes).map_err(|e| e.to_string()),
    }
}

/// Imports `file` as a draft pack (`lms::draft`, the same draft the browser's import page makes);
/// the draft TOML, and the problems (`file:line: message`): every construct dropped and every
/// question the check refused. A file with no usable question is an error listing them.
pub fn import(file: &Path, format: ImportFormat) -> Result<(String, Vec<String>), String> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| format!("{name}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text"))?;
    let source = match format {
        ImportFormat::MoodleXml => draft::Source::MoodleXml,
        ImportFormat::Gift => draft::Source::Gift,
    };
    let draft = draft::draft(&name, &text, source)?;
    if !draft.usable() {
        let mut lines = draft.problems();
        lines.push(format!("{name}: no usable questions found; nothing written"));
        return Err(lines.join("\n"));
    }
    Ok((draft.to_toml(), draft.problems()))
}

/// `lab import-pack`: writes the draft (even when some constructs were skipped), then fails with
/// the list of skipped constructs if there is one.
pub fn run_import(file: &Path, format: ImportFormat, out: Option<&Path>) -> Result<String, String> {
    let (toml, problems) = import(file, format)?;
    let stdout = match out {
        Some(path) => {
            std::fs::write(path, &toml).map_err(|e| format!("{}: {e}", path.display()))?;
            String::new()
        }
        None => toml,
    };
    if problems.is_empty() {
        Ok(stdout)
    } else {
        print!("{stdout}");
        Err(problems.join("\n") + "\n")
    }
}
