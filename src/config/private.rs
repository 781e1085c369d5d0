//! Files in the config and data directories are the operator's own: the
//! config file may hold a token, the log and the call draft callers' data.
//! Created readable by their owner only (0600, directories 0700); an
//! existing file or directory keeps the mode it has.

use std::fs::{File, OpenOptions};
use std::path::Path;

/// Creates `dir` (and its missing parents) as 0700.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// `options` creating files as 0600.
pub fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}

/// Writes a new file `path` with `contents` as 0600; fails if it exists.
pub fn write_new(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file: File = owner_only(OpenOptions::new().write(true).create_new(true)).open(path)?;
    file.write_all(contents.as_bytes())
}
