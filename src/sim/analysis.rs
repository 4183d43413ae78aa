//! Analysis runs: periodic measurements of the new version judged by a success condition.
//!
//! Architecture invariant: an [`AnalysisRun`] does not read the cluster. The rollout controller hands it
//! a measured value (or the provider's error) when a measurement is due, and reads back its phase.
//! The wording of the assessment messages follows Argo Rollouts.

use serde::Serialize;

use crate::sim::scenario::AnalysisSpec;

/// A comparison operator in a success condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    /// `>=`
    Ge,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `<`
    Lt,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

/// A parsed `successCondition` such as `result[0] >= 0.95`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// Whether the left side indexes the result vector (`result[0]`) rather than using it as a scalar.
    pub indexed: bool,
    /// The comparison.
    pub op: Op,
    /// The threshold.
    pub threshold: f64,
}

impl Condition {
    /// Parses `result[0] >= 0.95` / `result < 500`; the error says what was expected.
    pub fn parse(text: &str) -> Result<Condition, String> {
        let t = text.trim();
        let (indexed, rest) = if let Some(r) = t.strip_prefix("result[0]") {
            (true, r)
        } else if let Some(r) = t.strip_prefix("result") {
            (false, r)
        } else {
            return Err(format!("{t:?}: expected `result[0] <op> <number>`"));
        };
        let rest = rest.trim_start();
        let ops = [(">=", Op::Ge), ("<=", Op::Le), ("==", Op::Eq), ("!=", Op::Ne), (">", Op::Gt), ("<", Op::Lt)];
        let Some((op, num)) = ops.iter().find_map(|(s, op)| rest.strip_prefix(s).map(|n| (*op, n))) else {
            return Err(format!("{t:?}: expected one of >=, >, <=, <, ==, != after `result`"));
        };
        // Not `str::parse`: its float parser is 15 KB of the wasm (see `decimal`).
        let threshold = super::decimal::parse_short(num.trim())
            .ok_or_else(|| format!("{t:?}: {:?} is not a number of at most 15 digits", num.trim()))?;
        Ok(Condition { indexed, op, threshold })
    }

    /// Whether `value` satisfies the condition.
    pub fn holds(&self, value: f64) -> bool {
        match self.op {
            Op::Ge => value >= self.threshold,
            Op::Gt => value > self.threshold,
            Op::Le => value <= self.threshold,
            Op::Lt => value < self.threshold,
            Op::Eq => value == self.threshold,
            Op::Ne => value != self.threshold,
        }
    }
}

/// Phase of an analysis run or of one measurement, as Argo names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AnalysisPhase {
    /// Still measuring.
    Running,
    /// Finished, every limit respected.
    Successful,
    /// Too many failed measurements.
    Failed,
    /// Too many consecutive errors from the provider.
    Error,
    /// Neither success nor failure could be decided.
    Inconclusive,
}

impl AnalysisPhase {
    /// Name as printed by kubectl.
    pub fn as_str(self) -> &'static str {
        match self {
            AnalysisPhase::Running => "Running",
            AnalysisPhase::Successful => "Successful",
            AnalysisPhase::Failed => "Failed",
            AnalysisPhase::Error => "Error",
            AnalysisPhase::Inconclusive => "Inconclusive",
        }
    }
}

/// One measurement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measurement {
    /// When it was taken.
    pub tick: u32,
    /// The value, if the provider returned one.
    pub value: Option<f64>,
    /// Successful, Failed or Error.
    pub phase: AnalysisPhase,
    /// Provider error, if any.
    pub message: Option<String>,
}

/// What the provider returned for one measurement.
#[derive(Clone, Debug, PartialEq)]
pub enum Sample {
    /// A value.
    Value(f64),
    /// The query returned no series (nothing received traffic).
    NoData,
    /// The provider failed.
    ProviderError(String),
}

/// A running or finished AnalysisRun.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnalysisRun {
    /// Name (`myapp-<hash>-<revision>`).
    pub name: String,
    /// Metric name.
    pub metric: String,
    /// Current phase.
    pub phase: AnalysisPhase,
    /// Every measurement so far.
    pub measurements: Vec<Measurement>,
    /// Failed measurements.
    pub failed: u32,
    /// Successful measurements.
    pub successful: u32,
    /// Errors in a row.
    pub consecutive_errors: u32,
    /// Tick the run started.
    pub started: u32,
    /// Tick of the next measurement.
    pub next_at: u32,
    /// Why it ended, in Argo's words (`Metric "success-rate" assessed Failed due to failed (4) > failureLimit (3)`).
    pub message: Option<String>,
    #[serde(skip)]
    spec: AnalysisSpec,
    #[serde(skip)]
    condition: Option<Condition>,
}

impl AnalysisRun {
    /// Starts a run at `tick`; the first measurement is one interval later.
    pub fn start(name: String, spec: &AnalysisSpec, tick: u32) -> AnalysisRun {
        AnalysisRun {
            name,
            metric: spec.metric.clone(),
            phase: AnalysisPhase::Running,
            measurements: Vec::new(),
            failed: 0,
            successful: 0,
            consecutive_errors: 0,
            started: tick,
            next_at: tick.saturating_add(spec.interval.0.max(1)),
            message: None,
            spec: spec.clone(),
            condition: Condition::parse(&spec.success_condition).ok(),
        }
    }

    /// The analysis settings.
    pub fn spec(&self) -> &AnalysisSpec {
        &self.spec
    }

    /// Whether a measurement is due at `tick`.
    pub fn due(&self, tick: u32) -> bool {
        self.phase == AnalysisPhase::Running && tick >= self.next_at
    }

    /// Records a measurement taken at `tick` and updates the phase.
    pub fn record(&mut self, tick: u32, sample: Sample) {
        if self.phase != AnalysisPhase::Running {
            return;
        }
        self.next_at = tick.saturating_add(self.spec.interval.0.max(1));
        let (value, phase, message) = match (&sample, &self.condition) {
            (Sample::Value(v), Some(c)) => {
                let ok = c.holds(*v);
                (Some(*v), if ok { AnalysisPhase::Successful } else { AnalysisPhase::Failed }, None)
            }
            (Sample::Value(v), None) => (Some(*v), AnalysisPhase::Error, Some("invalid successCondition".to_string())),
            (Sample::NoData, Some(c)) if c.indexed => {
                (None, AnalysisPhase::Error, Some("reflect: slice index out of range".to_string()))
            }
            (Sample::NoData, _) => (None, AnalysisPhase::Inconclusive, None),
            (Sample::ProviderError(e), _) => (None, AnalysisPhase::Error, Some(e.clone())),
        };
        match phase {
            AnalysisPhase::Successful => {
                self.successful += 1;
                self.consecutive_errors = 0;
            }
            AnalysisPhase::Failed => {
                self.failed += 1;
                self.consecutive_errors = 0;
            }
            AnalysisPhase::Error => self.consecutive_errors += 1,
            _ => {}
        }
        self.measurements.push(Measurement { tick, value, phase, message: message.clone() });
        if self.failed > self.spec.failure_limit {
            self.phase = AnalysisPhase::Failed;
            self.message = Some(format!(
                "Metric \"{}\" assessed Failed due to failed ({}) > failureLimit ({})",
                self.metric, self.failed, self.spec.failure_limit
            ));
        } else if self.consecutive_errors > self.spec.consecutive_error_limit {
            self.phase = AnalysisPhase::Error;
            self.message = Some(format!(
                "Metric \"{}\" assessed Error due to consecutiveErrors ({}) > consecutiveErrorLimit ({}): \"Error Message: {}\"",
                self.metric,
                self.consecutive_errors,
                self.spec.consecutive_error_limit,
                message.unwrap_or_default()
            ));
        } else if self.spec.count.is_some_and(|c| self.measurements.len() as u64 >= u64::from(c)) {
            self.phase = AnalysisPhase::Successful;
        }
    }

    /// Ends a still-running run successfully (the rollout finished before the count was reached).
    pub fn complete(&mut self) {
        if self.phase == AnalysisPhase::Running {
            self.phase = AnalysisPhase::Successful;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::duration::Secs;

    fn spec(limit: u32) -> AnalysisSpec {
        AnalysisSpec {
            metric: "success-rate".into(),
            measure: crate::sim::scenario::Measure::SuccessRate,
            success_condition: "result[0] >= 0.95".into(),
            interval: Secs(60),
            failure_limit: limit,
            consecutive_error_limit: 4,
            count: None,
        }
    }

    #[test]
    fn conditions_parse() {
        let c = Condition::parse("result[0] >= 0.95").unwrap();
        assert!(c.indexed && c.holds(0.95) && !c.holds(0.9));
        let c = Condition::parse("result < 500").unwrap();
        assert!(!c.indexed && c.holds(499.0));
        assert!(Condition::parse("res >= 1").is_err());
        assert!(Condition::parse("result[0] >= x").is_err());
        assert!(Condition::parse("result[0] ~ 1").is_err());
    }

    #[test]
    fn fails_past_limit_with_argo_message() {
        let mut run = AnalysisRun::start("r".into(), &spec(3), 0);
        for i in 0..4 {
            run.record(60 * (i + 1), Sample::Value(0.5));
        }
        assert_eq!(run.phase, AnalysisPhase::Failed);
        assert_eq!(
            run.message.as_deref(),
            Some("Metric \"success-rate\" assessed Failed due to failed (4) > failureLimit (3)")
        );
    }

    #[test]
    fn no_data_errors_out() {
        let mut run = AnalysisRun::start("r".into(), &spec(0), 0);
        for i in 0..5 {
            run.record(60 * (i + 1), Sample::NoData);
        }
        assert_eq!(run.phase, AnalysisPhase::Error);
        assert!(run.message.unwrap().contains("consecutiveErrors (5) > consecutiveErrorLimit (4)"));
    }
}
