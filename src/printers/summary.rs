//! `--format summary`: counts per rule and per directory, the worst files and the fixable
//! share, for a person auditing a whole site in a terminal.

use std::collections::BTreeMap;

use crate::check::Report;
use crate::diagnostic::{Applicability, Diagnostic, Severity};

#[derive(Default, Clone, Copy)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
    fixable: usize,
}

impl Counts {
    fn add(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
        if d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
        {
            self.fixable += 1;
        }
    }

    fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

/// The directory of a displayed path (`.` for a file in the working directory).
pub fn section(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(dir, _)| dir)
}

fn table(out: &mut String, title: &str, rows: &[(String, Counts)]) {
    let width = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(0)
        .max(title.len());
    out.push_str(&format!(
        "{title:width$}  {:>6}  {:>8}  {:>5}  {:>7}\n",
        "errors", "warnings", "infos", "fixable"
    ));
    for (name, c) in rows {
        let pad = width - name.chars().count();
        out.push_str(&format!(
            "{name}{}  {:>6}  {:>8}  {:>5}  {:>7}\n",
            " ".repeat(pad),
            c.error,
            c.warning,
            c.info,
            c.fixable
        ));
    }
    out.push('\n');
}

pub(super) fn render(report: &Report) -> String {
    let mut by_rule: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_section: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_file: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut all = Counts::default();
    for d in &report.diagnostics {
        by_rule.entry(d.rule.id).or_default().add(d);
        by_section
            .entry(section(&d.file.display))
            .or_default()
            .add(d);
        by_file.entry(d.file.display.as_str()).or_default().add(d);
        all.add(d);
    }
    let mut out = format!("contentlint: {}\n\n", super::summary_line(report));
    if all.total() == 0 {
        return out;
    }
    let rows: Vec<(String, Counts)> = by_rule.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    table(&mut out, "rule", &rows);
    let rows: Vec<(String, Counts)> = by_section
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    table(&mut out, "directory", &rows);
    let mut worst: Vec<(&str, Counts)> = by_file.into_iter().collect();
    worst.sort_by_key(|(path, c)| {
        (
            std::cmp::Reverse((c.error * 100 + c.warning * 10 + c.info, c.total())),
            *path,
        )
    });
    out.push_str("worst files\n");
    for (path, c) in worst.iter().take(10) {
        out.push_str(&format!(
            "  {path}: {} errors, {} warnings, {} infos\n",
            c.error, c.warning, c.info
        ));
    }
    out.push('\n');
    let share = all.fixable * 100 / all.total();
    out.push_str(&format!(
        "fixable: {} of {} findings ({share}%) have a safe fix (`contentlint check --fix`)\n",
        all.fixable,
        all.total()
    ));
    if !report.fixed.is_empty() {
        let n: usize = report.fixed.iter().map(|e| e.count).sum();
        out.push_str(&format!("fixed since the baseline: {n}\n"));
    }
    out
}
