use clap::Parser;

// jemalloc, not glibc's allocator: on a bulk audit of 100,737 files glibc's peaked at
// 240 MB resident, about 90 MB over the live heap, in freed pages that the worker threads'
// arenas kept; jemalloc peaked at 175 MB and ran faster (see benches/corpus.sh).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read before `main`: freed pages go back to the system at once, not
/// ten seconds later (the default, which a run of a few seconds never reaches).
#[cfg(not(target_env = "msvc"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8; 17] = b"dirty_decay_ms:0\0";

fn main() {
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
