//! The name a server gives itself in health, so that among several
//! servers sharing one log an operator (and a console's header) can tell
//! which one answered. `serve --replica` names it; otherwise the host
//! name and the listening port, which tell replicas apart both across
//! machines and on one.

/// `host:port`, the host name as the kernel knows it.
pub fn default_name(port: u16) -> String {
    format!("{}:{port}", host_name())
}

/// The machine's host name; `localhost` where it cannot be read (the name
/// is a label for people, not an address anything connects to).
fn host_name() -> String {
    let read = |path: &str| std::fs::read_to_string(path).ok();
    read("/proc/sys/kernel/hostname")
        .or_else(|| read("/etc/hostname"))
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_name_is_a_host_name_and_the_port() {
        let name = default_name(7878);
        let (host, port) = name.rsplit_once(':').expect("host:port");
        assert_eq!(port, "7878");
        assert!(
            !host.is_empty() && !host.contains(char::is_whitespace),
            "{name:?}"
        );
    }
}
