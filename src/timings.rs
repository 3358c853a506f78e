//! `--timings`: where a run's time goes. Each phase of the pipeline is timed on the clock
//! (wall time), each rule by the time spent inside it, summed over the worker
//! threads (so the rules can add up to more than the wall time of the check phase).
//!
//! For whoever adds a lexicon or a rule and wants to know what it costs: one run shows
//! them all, instead of one `--select` run per rule.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::rules;

/// The times of one run.
#[derive(Debug)]
pub struct Timings {
    /// Phases in the order they ran: (name, wall time).
    phases: Mutex<Vec<(&'static str, Duration)>>,
    /// Nanoseconds inside each rule, in the order of [`rules::REGISTRY`].
    rules: Vec<AtomicU64>,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            phases: Mutex::default(),
            rules: (0..rules::REGISTRY.len())
                .map(|_| AtomicU64::new(0))
                .collect(),
        }
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Run `f`, adding the time it took to `total` (if there is one).
fn time_into<T>(total: Option<&AtomicU64>, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    if let Some(t) = total {
        t.fetch_add(nanos(start.elapsed()), Ordering::Relaxed);
    }
    out
}

impl Timings {
    /// Run `f` as the phase `name`.
    pub fn phase<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add_phase(name, start.elapsed());
        out
    }

    /// Record a phase timed elsewhere.
    pub fn add_phase(&self, name: &'static str, took: Duration) {
        self.phases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, took));
    }

    /// Rules that ran, slowest first: (id, time). Ties keep the rule order.
    pub fn rules(&self) -> Vec<(&'static str, Duration)> {
        let ids = rules::REGISTRY.iter().map(|r| r.meta().id);
        let mut out: Vec<(&'static str, Duration)> = ids
            .zip(&self.rules)
            .map(|(id, t)| (id, Duration::from_nanos(t.load(Ordering::Relaxed))))
            .filter(|(_, d)| !d.is_zero())
            .collect();
        out.sort_by_key(|(_, d)| std::cmp::Reverse(*d));
        out
    }

    /// The table printed to standard error.
    pub fn render(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut out = String::from("phase                          wall ms\n");
        for (name, took) in self.phases.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            out.push_str(&format!("{name:<28} {:>9.1}\n", ms(*took)));
        }
        let rules = self.rules();
        let total: Duration = rules.iter().map(|(_, d)| *d).sum();
        // Time inside each rule, summed over the threads: more than the check phase's wall
        // time when several threads run.
        out.push_str(&format!(
            "\n{:<28} {:>9} {:>7}\n",
            "rule (all threads)", "ms", "share"
        ));
        for (id, took) in &rules {
            let share = 100.0 * took.as_secs_f64() / total.as_secs_f64().max(f64::MIN_POSITIVE);
            out.push_str(&format!("{id:<28} {:>9.1} {share:>6.1}%\n", ms(*took)));
        }
        out.push_str(&format!("{:<28} {:>9.1}\n", "all rules", ms(total)));
        out
    }
}

/// Run `f` as the phase `name` of `t`, or just run it when the run is not timed.
pub fn phase<T>(t: Option<&Timings>, name: &'static str, f: impl FnOnce() -> T) -> T {
    match t {
        Some(t) => t.phase(name, f),
        None => f(),
    }
}

/// Run `f` as a call of the rule at index `i` of [`rules::REGISTRY`], timed in `t`; with no
/// `t`, just run it (no clock is read).
pub fn rule<T>(t: Option<&Timings>, i: usize, f: impl FnOnce() -> T) -> T {
    match t {
        Some(t) => time_into(t.rules.get(i), f),
        None => f(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_come_slowest_first_and_idle_ones_are_left_out() {
        let t = Timings::default();
        rule(Some(&t), 0, || ());
        t.rules[0].store(5_000_000, Ordering::Relaxed);
        t.rules[1].store(9_000_000, Ordering::Relaxed);
        t.rules[7].store(7_000_000, Ordering::Relaxed);
        let got: Vec<(&str, u64)> = t
            .rules()
            .into_iter()
            .map(|(id, d)| (id, d.as_millis() as u64))
            .collect();
        assert_eq!(
            got,
            vec![
                (rules::REGISTRY[1].meta().id, 9),
                (rules::REGISTRY[7].meta().id, 7),
                (rules::REGISTRY[0].meta().id, 5),
            ]
        );
        t.add_phase("walk", Duration::from_millis(12));
        let text = t.render();
        assert!(
            text.contains("walk                              12.0\n"),
            "{text}"
        );
        assert!(
            text.contains("all rules                         21.0\n"),
            "{text}"
        );
    }

    #[test]
    fn a_rule_call_adds_its_time() {
        let t = Timings::default();
        let got = rule(Some(&t), 2, || {
            std::thread::sleep(Duration::from_millis(2));
            7
        });
        assert_eq!(got, 7);
        assert!(t.rules[2].load(Ordering::Relaxed) >= 2_000_000);
        // An index past the rules is ignored, not a panic.
        rule(Some(&t), usize::MAX, || ());
        // Untimed, the call still runs.
        assert_eq!(rule(None, 0, || 3), 3);
    }
}
