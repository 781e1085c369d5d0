//! Where citydesk keeps things by default: the platform data directory
//! (database, log) and config directory (settings, keymap, themes).

use anyhow::Context;
use std::path::PathBuf;

/// The platform data directory (`~/.local/share/citydesk` on Linux).
pub fn data_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("", "", "citydesk")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find a home directory for the default database; pass --db sqlite:PATH")
}

/// The platform config directory (`~/.config/citydesk` on Linux), where
/// `config.toml`, `keymap.toml` and `themes/` are looked for.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "citydesk").map(|d| d.config_dir().to_path_buf())
}

/// The database URL: the flag or `CITYDESK_DB`, else the default file.
pub fn db_url(flag: Option<&str>) -> anyhow::Result<String> {
    match flag {
        Some(url) => Ok(url.to_owned()),
        None => Ok(format!("sqlite:{}", data_dir()?.join("citydesk.db").display())),
    }
}

/// The log file of the terminal commands (`citydesk.log` in the data
/// directory), opened for appending; `None` if it cannot be.
pub fn log_file() -> Option<std::fs::File> {
    let dir = data_dir().ok()?;
    super::private::create_dir(&dir).ok()?;
    super::private::owner_only(&mut std::fs::OpenOptions::new())
        .create(true)
        .append(true)
        .open(dir.join("citydesk.log"))
        .ok()
}
