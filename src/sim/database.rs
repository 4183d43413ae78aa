//! The database: schema versions, migrations, writes, snapshots and restores.
//!
//! Architecture invariant: restoring a snapshot replaces the data with the snapshot's (schema and
//! rows); every write made after the snapshot is counted as lost. That is the point learners must see.

use serde::Serialize;

use super::event::{Level, Source};
use super::simulator::Sim;

/// A snapshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// Name.
    pub name: String,
    /// Tick taken (negative: before the scenario).
    pub taken: i64,
    /// Schema version it holds.
    pub schema_version: u32,
    /// Rows it holds (whole rows; fractional writes accumulate in the live database).
    pub rows: u64,
}

/// The database.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Database {
    /// Instance name; a restore creates a new instance (`<name>-restored-N`).
    pub instance: String,
    /// Current schema version.
    pub schema_version: u32,
    /// Rows now.
    pub rows: f64,
    /// Whether the app may write.
    pub writes_enabled: bool,
    /// Writes per second when enabled.
    pub writes_per_s: f64,
    /// Whether migrations can be reversed.
    pub reversible: bool,
    /// Snapshots, oldest first.
    pub snapshots: Vec<Snapshot>,
    /// Writes lost by restores.
    pub lost_writes: f64,
    /// Restores done.
    pub restores: u32,
    /// Schema version before the last migration (for `db migrate` down).
    pub history: Vec<u32>,
}

impl Sim {
    /// Applies writes for this tick.
    pub(crate) fn database_tick(&mut self) {
        let Some(db) = self.db.as_mut() else { return };
        if db.writes_enabled {
            db.rows += db.writes_per_s;
        }
    }

    /// Runs the update's migration when the first container of the migrating version starts.
    pub(crate) fn maybe_migrate(&mut self, vid: usize) {
        let Some((mvid, to)) = self.pending_migration else { return };
        if mvid != vid {
            return;
        }
        self.pending_migration = None;
        let version = self.version_name(vid).to_string();
        let Some(db) = self.db.as_mut() else { return };
        if db.schema_version >= to {
            return;
        }
        let from = db.schema_version;
        db.history.push(from);
        db.schema_version = to;
        let inst = db.instance.clone();
        self.emit(
            Source::Database,
            Level::Normal,
            "MigrationApplied",
            format!("db/{inst}"),
            format!("schema migrated from version {from} to {to} by {version}"),
        );
    }

    /// Takes a snapshot.
    pub(crate) fn db_snapshot(&mut self, name: &str) -> Result<String, String> {
        let tick = self.tick;
        let Some(db) = self.db.as_mut() else { return Err("error: no database in this scenario".to_string()) };
        if db.snapshots.iter().any(|s| s.name == name) {
            return Err(format!("error: snapshot \"{name}\" already exists"));
        }
        let snap = Snapshot { name: name.to_string(), taken: i64::from(tick), schema_version: db.schema_version, rows: db.rows as u64 };
        let msg = format!("snapshot \"{name}\" created (schema {}, {} rows)", snap.schema_version, snap.rows);
        db.snapshots.push(snap);
        let inst = db.instance.clone();
        self.emit(Source::Database, Level::Normal, "SnapshotCreated", format!("db/{inst}"), msg.clone());
        Ok(msg)
    }

    /// Restores a snapshot into a new instance and points the app at it.
    pub(crate) fn db_restore(&mut self, name: &str) -> Result<String, String> {
        let Some(db) = self.db.as_mut() else { return Err("error: no database in this scenario".to_string()) };
        let Some(snap) = db.snapshots.iter().find(|s| s.name == name).cloned() else {
            return Err(format!("error: snapshot \"{name}\" not found"));
        };
        let lost = (db.rows - snap.rows as f64).max(0.0);
        db.lost_writes += lost;
        db.restores += 1;
        let base = db.instance.split("-restored-").next().unwrap_or("db").to_string();
        db.instance = format!("{base}-restored-{}", db.restores);
        if db.schema_version != snap.schema_version {
            db.history.push(db.schema_version);
        }
        db.schema_version = snap.schema_version;
        db.rows = snap.rows as f64;
        let inst = db.instance.clone();
        let msg = format!(
            "restored snapshot \"{name}\" into instance {inst} (schema {}, {} rows); {} writes made after the snapshot are not in it",
            snap.schema_version, snap.rows, lost as u64
        );
        self.emit(
            Source::Database,
            if lost > 0.0 { Level::Warning } else { Level::Normal },
            "SnapshotRestored",
            format!("db/{inst}"),
            msg.clone(),
        );
        Ok(msg)
    }

    /// Turns writes on or off.
    pub(crate) fn db_set_writes(&mut self, on: bool) -> Result<String, String> {
        let Some(db) = self.db.as_mut() else { return Err("error: no database in this scenario".to_string()) };
        db.writes_enabled = on;
        let inst = db.instance.clone();
        let msg = if on { "writes resumed".to_string() } else { "writes stopped (read-only mode)".to_string() };
        self.emit(Source::Database, Level::Normal, if on { "WritesResumed" } else { "WritesStopped" }, format!("db/{inst}"), msg.clone());
        Ok(msg)
    }

    /// Migrates the schema up or (if reversible) down.
    pub(crate) fn db_migrate(&mut self, to: u32) -> Result<String, String> {
        let Some(db) = self.db.as_mut() else { return Err("error: no database in this scenario".to_string()) };
        let from = db.schema_version;
        if to == from {
            return Ok(format!("schema already at version {to}"));
        }
        if to < from && !db.reversible {
            return Err(format!(
                "error: migration {from} has no down step; restore a snapshot taken at schema {to} instead"
            ));
        }
        db.history.push(from);
        db.schema_version = to;
        let inst = db.instance.clone();
        let msg = format!("schema migrated from version {from} to {to}");
        self.emit(Source::Database, Level::Normal, "MigrationApplied", format!("db/{inst}"), msg.clone());
        Ok(msg)
    }
}
