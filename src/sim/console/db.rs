//! The database CLI (`db …`): status, snapshots, restores, writes on/off, migrations.

use super::command::Db;
use super::table::{columns, human_duration};
use crate::sim::simulator::{Output, Sim};

impl Sim {
    /// Runs a `db` command.
    pub(crate) fn exec_db(&mut self, cmd: &Db) -> Output {
        let result = match cmd {
            Db::Status => match &self.db {
                None => Err("error: no database in this scenario".to_string()),
                Some(d) => Ok(format!(
                    "instance:       {}\nschema version: {}\nrows:           {}\nwrites:         {}\nsnapshots:      {}\nlost writes:    {}",
                    d.instance,
                    d.schema_version,
                    d.rows as u64,
                    if d.writes_enabled { "enabled" } else { "stopped (read-only)" },
                    d.snapshots.len(),
                    d.lost_writes as u64
                )),
            },
            Db::SnapshotCreate { name } => self.db_snapshot(name),
            Db::SnapshotList => match &self.db {
                None => Err("error: no database in this scenario".to_string()),
                Some(d) if d.snapshots.is_empty() => Ok("No snapshots.".to_string()),
                Some(d) => {
                    let mut rows = vec![vec!["NAME".to_string(), "AGE".into(), "SCHEMA".into(), "ROWS".into()]];
                    for s in &d.snapshots {
                        rows.push(vec![s.name.clone(), human_duration(i64::from(self.tick) - s.taken), s.schema_version.to_string(), s.rows.to_string()]);
                    }
                    Ok(columns(&rows, 3, 0))
                }
            },
            Db::SnapshotRestore { name } => self.db_restore(name),
            Db::StopWrites => self.db_set_writes(false),
            Db::ResumeWrites => self.db_set_writes(true),
            Db::Migrate { to } => self.db_migrate(*to),
        };
        match result {
            Ok(s) => Output::ok(s),
            Err(e) => Output::err(e),
        }
    }
}
