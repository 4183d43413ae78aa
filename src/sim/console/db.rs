//! The database CLI (`db …`): status, snapshots, restores, writes on/off, migrations.

use super::command::Db;
use super::table::{columns, human_duration};
use crate::sim::simulator::{Output, Sim};

/// Runs a `db` command.
pub(crate) fn exec_db(sim: &mut Sim, cmd: &Db) -> Output {
    let result = match cmd {
        Db::Status => match &sim.database() {
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
        Db::SnapshotCreate { name } => sim.db_snapshot(name),
        Db::SnapshotList => match &sim.database() {
            None => Err("error: no database in this scenario".to_string()),
            Some(d) if d.snapshots.is_empty() => Ok("No snapshots.".to_string()),
            Some(d) => {
                let mut rows = vec![vec!["NAME".to_string(), "AGE".into(), "SCHEMA".into(), "ROWS".into()]];
                for s in &d.snapshots {
                    rows.push(vec![s.name.clone(), human_duration(i64::from(sim.tick()) - s.taken), s.schema_version.to_string(), s.rows.to_string()]);
                }
                Ok(columns(&rows, 3, 0))
            }
        },
        Db::SnapshotRestore { name } => sim.db_restore(name),
        Db::StopWrites => sim.db_set_writes(false),
        Db::ResumeWrites => sim.db_set_writes(true),
        Db::Migrate { to } => sim.db_migrate(*to),
    };
    match result {
        Ok(s) => Output::ok(s),
        Err(e) => Output::err(e),
    }
}
