//! The command line: parse arguments, run, print, and decide the exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::baseline::Baseline;
use crate::check::{self, CheckOptions};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::printers::{self, Format, HumanOptions};
use crate::rules;
use crate::source::Keep;

/// Lints Markdown content with front matter and checks each page against its translation.
#[derive(Debug, Parser)]
#[command(name = "contentlint", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files and directories (the default command).
    Check(CheckArgs),
    /// List every rule: id, default severity, whether it fixes, summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Explain a rule: what it does, why, examples.
    Explain {
        /// A rule id such as `schema/empty`.
        rule: String,
    },
    /// Show a page and its translation side by side, block by block, as the pair rules
    /// align them. With one page, its translation is found as `check` pairs it.
    Pair {
        /// The first page (normally the original).
        a: PathBuf,
        /// The second page; default: the first page's translation.
        b: Option<PathBuf>,
        /// Columns of text shown per page.
        #[arg(long, default_value_t = 48)]
        width: usize,
    },
    /// Infer front-matter schemas from an existing Hugo site and write a starting
    /// `contentlint.yaml` (never overwrites without --force).
    Init {
        /// The site's root directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace an existing contentlint.yaml and inferred schemas.
        #[arg(long)]
        force: bool,
    },
    /// List the translation pairs found: the layout, the languages, pages per language,
    /// the pairs and the pages with no counterpart. Checks nothing.
    Pairs {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Configuration file (default: contentlint.yaml found upward from the first path).
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
    Markdown,
}

/// Fail the run on findings of at least this severity.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
enum FailOn {
    #[default]
    Error,
    Warning,
}

#[derive(Debug, Args, Default)]
struct CheckArgs {
    /// Files or directories to check (default: the current directory).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Configuration file (default: contentlint.yaml found upward from the first path).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Only these rules or families (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules or families (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    jobs: usize,
    /// Print only findings, no summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Exit 1 on findings of this severity or worse.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Report only files changed since this git revision (and new untracked files).
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (and report them as usual).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Allow checks that use the network (remote images); off by default.
    #[arg(long)]
    remote: bool,
    /// Let the configuration's `allow-private` take effect (remote images on private,
    /// loopback and link-local hosts); also `CONTENTLINT_ALLOW_PRIVATE=1`.
    #[arg(long)]
    allow_private: bool,
    /// Apply the fixes marked safe, then report what is left.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print the safe fixes as a unified diff instead of applying them (exit 1 when there are any).
    #[arg(long)]
    diff: bool,
    /// Print to standard error how long each phase and each rule took.
    #[arg(long)]
    timings: bool,
    /// Show the findings folded into a page-level one (an untranslated block, a copied
    /// page) as findings of their own.
    #[arg(long)]
    no_fold: bool,
}

/// How the process should end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No finding at the failing severity: 0.
    Clean,
    /// At least one: 1.
    Findings,
    /// The tool could not do its job: 2.
    Failed,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Failed => 2,
        }
    }
}

/// A progress bar on stderr for long runs, only when stderr is a terminal (never in CI logs
/// or when output is piped).
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(10));
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages  {elapsed}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to standard output"),
    }
}

/// Run the command line; errors are reported by `main` with exit code 2.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Some(Command::Rules { format }) => list_rules(format),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Pair { a, b, width }) => {
            emit(&show_pair(&a, b.as_deref(), width)?)?;
            Ok(ExitStatus::Clean)
        }
        Some(Command::Init { dir, force }) => {
            let report = crate::init::run(&dir, force)?;
            emit(&report.summary)?;
            Ok(ExitStatus::Clean)
        }
        Some(Command::Check(args)) => run_check(args),
        Some(Command::Pairs {
            paths,
            format,
            config,
        }) => list_pairs(&paths, format, config),
        None => run_check(cli.check),
    }
}

/// The alignment of two pages as text (`contentlint pair`).
fn show_pair(a: &Path, b: Option<&Path>, width: usize) -> anyhow::Result<String> {
    let load = |p: &Path, lang: Option<String>| -> anyhow::Result<crate::document::Document> {
        let src = crate::document::read_source(p, &p.to_string_lossy(), u64::MAX)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e:?}", p.display()))?;
        Ok(crate::document::Document::parse(
            std::sync::Arc::new(src),
            lang,
        ))
    };
    let sites = crate::site::Sites::new();
    let site = sites.for_file(a);
    let id = crate::pairing::page_id(&site, a);
    let other = match b {
        Some(b) => b.to_path_buf(),
        None => crate::pairing::counterpart_candidates(&site, a, &id)
            .into_iter()
            .map(|(_, p)| p)
            .find(|p| p.is_file())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "no translation of {} found; name it as a second page",
                    a.display()
                )
            })?,
    };
    let other_id = crate::pairing::page_id(&site, &other);
    let (da, db) = (load(a, id.lang)?, load(&other, other_id.lang)?);
    let al = crate::pairing::align::align(&da, &db);
    Ok(crate::pairing::align::render(
        &al,
        &da,
        &db,
        width.clamp(8, 200),
    ))
}

fn list_pairs(
    paths: &[PathBuf],
    format: ListFormat,
    config: Option<PathBuf>,
) -> anyhow::Result<ExitStatus> {
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let config = match config.or_else(|| Config::discover(&first)) {
        Some(p) => Config::load(&p)?,
        None => Config::default(),
    };
    let listing = crate::pairing::listing::list(paths, &config);
    for m in &listing.missing {
        eprintln!("contentlint: {m}: no such file or directory");
    }
    let text = match format {
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&listing.to_json())?),
        ListFormat::Text | ListFormat::Markdown => listing.to_text(),
    };
    emit(&text)?;
    Ok(if listing.missing.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Failed
    })
}

fn explain(id: &str) -> anyhow::Result<ExitStatus> {
    match rules::find(id) {
        Some(m) => {
            emit(&format!(
                "# {}\n\n{} (default severity: {}, fixable: {})\n\n{}",
                m.id,
                m.summary,
                m.severity.as_str(),
                if m.fixable { "yes" } else { "no" },
                m.explanation()
            ))?;
            Ok(ExitStatus::Clean)
        }
        None => {
            let hint = rules::suggestion(id)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            anyhow::bail!("unknown rule `{id}`{hint} (`contentlint rules` lists them)")
        }
    }
}

/// The rule list in one of the list formats.
pub fn rules_listing(markdown: bool) -> String {
    let all = rules::all_meta();
    if markdown {
        let mut s = String::from("# Rules\n\nGenerated by `contentlint rules --format markdown`; do not edit by hand.\n\n| id | severity | fixable | summary |\n| --- | --- | --- | --- |\n");
        for m in &all {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                m.id,
                m.severity.as_str(),
                if m.fixable { "yes" } else { "" },
                m.summary
            ));
        }
        for m in &all {
            s.push_str(&format!(
                "\n## `{}`\n\n{}",
                m.id,
                m.explanation().replace("\n## ", "\n### ")
            ));
        }
        return s;
    }
    let width = all.iter().map(|m| m.id.len()).max().unwrap_or(0);
    let mut s = String::new();
    for m in &all {
        s.push_str(&format!(
            "{:width$}  {:7}  {:3}  {}\n",
            m.id,
            m.severity.as_str(),
            if m.fixable { "fix" } else { "" },
            m.summary
        ));
    }
    s
}

fn list_rules(format: ListFormat) -> anyhow::Result<ExitStatus> {
    let text = match format {
        ListFormat::Text => rules_listing(false),
        ListFormat::Markdown => rules_listing(true),
        ListFormat::Json => {
            let v: Vec<_> = rules::all_meta()
                .iter()
                .map(|m| serde_json::json!({"id": m.id, "severity": m.severity.as_str(), "fixable": m.fixable, "summary": m.summary, "explanation": m.explanation()}))
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&v)?)
        }
    };
    emit(&text)?;
    Ok(ExitStatus::Clean)
}

fn run_check(args: CheckArgs) -> anyhow::Result<ExitStatus> {
    let first = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let config_path = args.config.clone().or_else(|| Config::discover(&first));
    let mut config = match &config_path {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    let from_cli = args
        .select
        .iter()
        .chain(&args.ignore)
        .map(|s| (s.as_str(), None));
    let from_config = config.rule_selectors().map(|(s, at)| (s, Some(at)));
    rules::check_selectors(from_cli.chain(from_config)).map_err(anyhow::Error::msg)?;
    config.remote = args.remote;
    // A configuration cannot open internal hosts by itself: a pull request's check reads
    // the configuration of the branch it checks.
    config.allow_private = args.allow_private
        || std::env::var_os("CONTENTLINT_ALLOW_PRIVATE").is_some_and(|v| v == "1");
    if let (true, false, Some(at)) = (
        config.remote,
        config.allow_private,
        &config.asks_allow_private,
    ) {
        eprintln!(
            "contentlint: warning: {at}: `allow-private` is ignored: a configuration alone cannot allow private, loopback or link-local hosts; pass `--allow-private` or set CONTENTLINT_ALLOW_PRIVATE=1 to allow them"
        );
    }
    let only = match &args.changed_since {
        Some(rev) => Some(crate::git::changed_since(&first, rev).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let bar = progress_bar();
    let progress: Option<check::Progress> = bar.clone().map(|b| {
        let f: check::Progress = std::sync::Arc::new(move |done, total| {
            b.set_length(total);
            b.set_position(done);
        });
        f
    });
    let opts = CheckOptions {
        paths: args.paths,
        select: args.select,
        ignore: args.ignore,
        jobs: args.jobs,
        only,
        progress,
        // Printers that show the lines around a finding need them whole; the others only
        // positions and the flagged text.
        compact: (!(args.fix || args.diff)).then_some(match args.format {
            Format::Human | Format::Html => Keep::Lines,
            _ => Keep::Spans,
        }),
        timings: args.timings,
        fold: !(args.no_fold || args.fix || args.diff),
    };
    let mut report = check::run(&opts, &config);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if args.diff {
        let plans = crate::fix::plan(&report.diagnostics);
        emit(&crate::fix::unified_diff(&plans))?;
        for w in &report.warnings {
            eprintln!("contentlint: warning: {w}");
        }
        for f in &report.failures {
            eprintln!("contentlint: {f}");
        }
        return Ok(if !report.failures.is_empty() {
            ExitStatus::Failed
        } else if plans.is_empty() {
            ExitStatus::Clean
        } else {
            ExitStatus::Findings
        });
    }
    if args.fix {
        let (outcome, after) = crate::fix::fix_until_stable(&opts, &config, report);
        report = after;
        report.failures.extend(outcome.failures);
        for s in &outcome.skipped {
            eprintln!("contentlint: note: {s}");
        }
        if outcome.fixed > 0 {
            eprintln!(
                "contentlint: fixed {} finding(s) in {} file(s)",
                outcome.fixed, outcome.files
            );
        }
    }
    if let Some(path) = &args.write_baseline {
        Baseline::of(&report.diagnostics)
            .save(path)
            .map_err(anyhow::Error::msg)?;
    }
    if let Some(path) = &args.baseline {
        let baseline = Baseline::load(path).map_err(anyhow::Error::msg)?;
        report.fixed = baseline.filter(&mut report.diagnostics);
    }
    let timings = report.timings.take();
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let human = HumanOptions { color };
    // `--quiet` drops the human report's closing summary line.
    let quiet = (args.quiet && args.format == Format::Human).then(|| {
        let text = printers::render(args.format, &report, &human);
        match text.trim_end().rfind('\n') {
            Some(i) => text[..=i].to_string(),
            None => String::new(),
        }
    });
    let write = |out: &mut dyn Write| match &quiet {
        Some(text) => out.write_all(text.as_bytes()).and_then(|()| out.flush()),
        None => printers::write(args.format, &report, &human, out),
    };
    crate::timings::phase(timings.as_ref(), "output", || match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| write(&mut std::io::BufWriter::new(f)))
            .with_context(|| format!("cannot write {}", path.display())),
        None => match write(&mut std::io::BufWriter::new(std::io::stdout().lock())) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r.context("cannot write to standard output"),
        },
    })?;
    if let Some(t) = &timings {
        eprint!("{}", t.render());
    }
    for w in &report.warnings {
        eprintln!("contentlint: warning: {w}");
    }
    for f in &report.failures {
        eprintln!("contentlint: {f}");
    }
    let threshold = if args.fail_on == FailOn::Warning {
        Severity::Warning
    } else {
        Severity::Error
    };
    Ok(if !report.failures.is_empty() {
        ExitStatus::Failed
    } else if report.diagnostics.iter().any(|d| d.severity >= threshold) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}
