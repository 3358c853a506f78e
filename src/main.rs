use clap::Parser;

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
