//! Runners of the subcommands: `commands/<subcommand>.rs` runs what
//! `cli/<subcommand>.rs` parsed, built from the library's pieces. A runner
//! may import any module; no feature module imports a runner or `cli`'s
//! argument types back.

pub mod audit;
pub mod backup;
pub mod bench;
pub mod bench_callers;
pub mod bench_console;
pub mod bench_loop;
pub mod bench_suggest;
pub mod call;
pub mod check;
mod check_entries;
pub mod console;
pub mod demo;
pub mod ingest;
pub mod migrate_store;
pub mod operator;
pub mod policy;
mod remote;
pub mod serve;
pub mod sim;
pub mod suggest;
pub mod tail;

use crate::cli::Command;

/// The language of a command's words for people, chosen as the console
/// chooses it: `--lang` (or `CITYDESK_LANG`), then `lang` in config.toml
/// (read, never written), then the locale, then English.
pub fn words_lang(flag: Option<crate::present::i18n::Lang>) -> crate::present::i18n::Lang {
    let file = crate::config::config_dir()
        .and_then(|d| crate::config::read::<crate::console::app::panes::PaneKind>(Some(&d)).ok())
        .and_then(|s| s.lang);
    crate::present::i18n::Lang::choose(flag, file, |name| std::env::var(name).ok())
}

/// Runs one parsed subcommand to its end.
pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::run(args).await,
        Command::Console(args) => console::run(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Check(args) => check::run(args),
        Command::BenchConsole(args) => bench_console::run(args),
        Command::Operator(cmd) => operator::run(cmd).await,
        Command::Bench(args) => bench::run(args).await,
        Command::BenchLoop(args) => bench_loop::run(args).await,
        Command::BenchCallers(args) => bench_callers::run(args).await,
        Command::Sim(args) => sim::run(args).await,
        Command::Tail(args) => tail::run(args).await,
        Command::Audit(args) => audit::run(args).await,
        Command::Call(args) => call::run(args).await,
        Command::Ingest(command) => ingest::run(command).await,
        Command::Policy(cmd) => policy::run(cmd),
        Command::Backup(args) => backup::backup(args).await,
        Command::Verify(args) => backup::verify(args).await,
        Command::MigrateStore(args) => migrate_store::run(args).await,
        Command::Suggest(args) => suggest::run(args).await,
        Command::BenchSuggest(args) => bench_suggest::run(args).await,
    }
}
