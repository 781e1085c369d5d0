//! HTTPS end to end: `serve --tls-cert --tls-key` with a certificate made
//! here, read by the client and by `tail` trusting it through a CA file;
//! refused without that file; and no token over plain HTTP to another
//! machine unless the operator says so.

use crate::spawned::{BIN, LIMIT, Served, operator};
use citydesk::client::{Client, ClientError, StreamMessage, Transport};
use futures::StreamExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A self-signed certificate for localhost and 127.0.0.1, as PEM files.
fn certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
    let made = rcgen::generate_simple_self_signed(names).expect("certificate");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, made.cert.pem()).expect("cert.pem");
    std::fs::write(&key, made.signing_key.serialize_pem()).expect("key.pem");
    (cert, key)
}

fn with_ca(ca: &Path) -> Transport {
    Transport {
        ca_file: Some(ca.to_path_buf()),
        ..Transport::default()
    }
}

/// Polls the health check over HTTPS until the server answers.
async fn ready(client: &Client) {
    let deadline = Instant::now() + LIMIT;
    while let Err(e) = client.health().await {
        assert!(Instant::now() < deadline, "no answer over https: {e}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_client_reads_health_and_the_stream_over_https_with_the_ca_file() {
    let dir = tempfile::tempdir().expect("dir");
    let (cert, key) = certificate(dir.path());
    let db = format!("sqlite:{}", dir.path().join("tls.db").display());
    let token = operator(&db, "boss", "supervisor");
    let served = Served::start_with(
        &db,
        "127.0.0.1:0",
        &[
            "--tls-cert",
            cert.to_str().expect("utf-8"),
            "--tls-key",
            key.to_str().expect("utf-8"),
        ],
    );
    let url = format!("https://localhost:{}", served.addr.port());
    assert!(served.url().starts_with("https://"), "serve says it speaks https");

    let client = Client::connect(&url, Some(token.clone()), &with_ca(&cert)).expect("client");
    ready(&client).await;
    assert_eq!(client.me().await.expect("me").operator.login, "boss");

    // The stream over TLS carries an item created after it opened.
    let mut stream = client.stream(None).await.expect("stream");
    let item = crate::common::new_ticket(&client, "路灯不亮 over https").await;
    let got = tokio::time::timeout(LIMIT, async {
        while let Some(msg) = stream.next().await {
            if let StreamMessage::Event { event, .. } = msg.expect("message")
                && event.item_id == item.id
            {
                return true;
            }
        }
        false
    })
    .await
    .expect("an event within the limit");
    assert!(got, "the stream carried the new item's event");

    // `tail` with --ca-file reads the log over https.
    let out = tokio::process::Command::new(BIN)
        .args(["tail", "--server", &url, "--no-follow", "--format", "json"])
        .arg("--ca-file")
        .arg(&cert)
        .env("CITYDESK_TOKEN", &token)
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .output()
        .await
        .expect("tail");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "tail over https: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(item.id.as_str()),
        "tail printed the item: {stdout}"
    );

    // Without the CA the certificate is not trusted, and the error says so.
    let untrusting = Client::connect(&url, Some(token), &Transport::default()).expect("client");
    let err = untrusting.health().await.expect_err("an unknown CA is refused");
    let text = err.to_string();
    assert!(matches!(err, ClientError::Transport(_)), "{err:?}");
    assert!(text.contains("certificate"), "names the certificate: {text}");
    assert!(text.contains("--ca-file"), "says what to do: {text}");
}

#[tokio::test]
async fn a_missing_ca_file_is_a_clear_error() {
    let transport = with_ca(Path::new("/nonexistent/ca.pem"));
    let err = Client::connect("https://localhost:1", None, &transport)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
}

/// An address of this machine that is not loopback, if it has one: where
/// the refusal can be watched for bytes that must not arrive.
fn own_address() -> Option<std::net::IpAddr> {
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    // No packet is sent: connecting a UDP socket only picks the route.
    probe.connect("192.0.2.1:9").ok()?;
    let ip = probe.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn no_token_goes_over_plain_http_to_another_machine() {
    // The typed client refuses before connecting.
    let token = Some("cdk_secret".to_owned());
    let err = Client::connect("http://192.0.2.1:7878", token.clone(), &Transport::default())
        .err()
        .expect("refused");
    assert!(matches!(err, ClientError::PlainHttp(_)), "{err:?}");
    assert!(err.to_string().contains("--insecure-http"), "{err}");
    // Loopback, https and the explicit flag are allowed.
    for url in [
        "http://127.0.0.1:7878",
        "http://localhost:7878",
        "http://[::1]:7878",
        "https://192.0.2.1",
    ] {
        Client::connect(url, token.clone(), &Transport::default()).unwrap_or_else(|e| panic!("{url}: {e}"));
    }
    let insecure = Transport {
        insecure_http: true,
        ..Transport::default()
    };
    Client::connect("http://192.0.2.1:7878", token, &insecure).expect("allowed by the flag");

    // `tail` refuses with a clear message, and nothing reaches the address.
    let Some(ip) = own_address() else {
        eprintln!("no non-loopback address here: the byte check is skipped");
        return;
    };
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let dir = tempfile::tempdir().expect("dir");
    let out = tokio::process::Command::new(BIN)
        .args(["tail", "--server", &url, "--no-follow"])
        .env("CITYDESK_TOKEN", "cdk_secret")
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .output()
        .await
        .expect("tail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "a usage error: {stderr}");
    assert!(
        stderr.contains("refusing to send the token over plain HTTP"),
        "{stderr}"
    );
    let accepted = tokio::time::timeout(Duration::from_millis(300), listener.accept()).await;
    assert!(accepted.is_err(), "tail connected to {url} although it refused");
}
