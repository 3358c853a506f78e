use clap::Parser;

// jemalloc, not glibc's allocator: on a bulk audit of 100,737 files glibc's peaked at
// 240 MB resident, about 90 MB over the live heap, in freed pages that the worker threads'
// arenas kept; jemalloc peaked at 175 MB and ran faster (see benches/corpus.sh).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Runs of more files than this give freed memory back to the system at once.
#[cfg(not(target_env = "msvc"))]
const LARGE_RUN: usize = 20_000;

/// How soon freed memory goes back to the system, by the number of files to check.
/// jemalloc's default is ten seconds after it is freed, which a run of a few thousand
/// files never reaches: its pages are reused, not faulted in again. That is 12% faster
/// on one page (a pre-commit hook) and on the 819 pages of ../shared/corpus, with a third
/// of the page faults. A bulk audit gives them back at once, or it would keep about 30 MB
/// more at 100,000 files (201 MB against 171 MB) for no gain in speed.
#[cfg(not(target_env = "msvc"))]
fn tune_allocator(files: usize) {
    use tikv_jemalloc_ctl::{arenas, raw};
    if files <= LARGE_RUN {
        return;
    }
    let Ok(n) = arenas::narenas::read() else {
        return;
    };
    // SAFETY: each name is a NUL-terminated jemalloc key whose value is an `ssize_t`.
    // Arenas not yet in use refuse the write, which changes nothing.
    unsafe {
        let _ = raw::write(b"arenas.dirty_decay_ms\0", 0isize);
        for i in 0..n {
            let _ = raw::write(format!("arena.{i}.dirty_decay_ms\0").as_bytes(), 0isize);
        }
    }
}

fn main() {
    #[cfg(not(target_env = "msvc"))]
    let _ = contentlint::check::BEFORE_CHECK.set(tune_allocator);
    let cli = contentlint::cli::Cli::parse();
    let status = match contentlint::cli::run(cli) {
        Ok(status) => status,
        Err(err) => {
            eprintln!("contentlint: {err:#}");
            contentlint::cli::ExitStatus::Failed
        }
    };
    std::process::exit(status.code());
}
