//! TLS termination in the server itself (`serve --tls-cert --tls-key`),
//! as a listener wrapped around the plain one, so `axum::serve` and
//! whatever limits sit on the TCP listener stay the same with or without
//! TLS.
//!
//! Handshakes run in their own tasks with a deadline: a client that opens a
//! socket and never says hello must not hold up everyone else's accept.

use axum::serve::Listener;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;

/// How long a client has to complete the TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Handshakes finished and not yet taken by `axum::serve`.
const READY_QUEUE: usize = 64;

/// Handshakes in progress at once. Past it the next connection waits in
/// the kernel's backlog: a client that opens sockets and never finishes a
/// handshake holds at most this many (each for at most
/// [`HANDSHAKE_TIMEOUT`]), not a descriptor per socket it opens.
const HANDSHAKES: usize = 256;

/// The server's certificate and key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("the certificate and key do not make a TLS configuration: {0}")]
    Config(#[from] rustls::Error),
}

fn file_error(file: &Path, message: impl std::fmt::Display) -> TlsError {
    TlsError::File {
        file: file.display().to_string(),
        message: message.to_string(),
    }
}

/// A TLS configuration from a PEM certificate chain (the server's
/// certificate first) and its PEM private key.
pub fn load(cert: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| file_error(cert, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| file_error(cert, e))?;
    if chain.is_empty() {
        return Err(file_error(cert, "no PEM certificate in the file"));
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| file_error(key, format!("no usable PEM private key: {e}")))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    // axum serves HTTP/1.1 here; say so, so no client tries h2.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A connection, plain or TLS, as `axum::serve` sees it.
pub trait Conn: AsyncRead + AsyncWrite + Unpin + Send + 'static {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> Conn for T {}

/// The listener `serve` runs: the plain one as it is, or the plain one
/// with TLS terminated in front of it.
pub enum MaybeTls<L: Listener> {
    Plain(L),
    Tls {
        ready: mpsc::Receiver<(Box<dyn Conn>, L::Addr)>,
        addr: std::io::Result<L::Addr>,
    },
}

impl<L> MaybeTls<L>
where
    L: Listener,
    L::Addr: Clone + std::fmt::Debug + Sync + 'static,
{
    /// `inner` as it is without `tls`; with it, accepted in a task of its
    /// own that hands over connections once their handshake is done.
    pub fn new(inner: L, tls: Option<Arc<rustls::ServerConfig>>) -> Self {
        let Some(tls) = tls else {
            return MaybeTls::Plain(inner);
        };
        let addr = inner.local_addr();
        let (tx, ready) = mpsc::channel(READY_QUEUE);
        tokio::spawn(accept_loop(inner, tokio_rustls::TlsAcceptor::from(tls), tx));
        MaybeTls::Tls { ready, addr }
    }
}

/// Accepts until `serve` drops its end, then lets go of the socket.
async fn accept_loop<L>(
    mut inner: L,
    acceptor: tokio_rustls::TlsAcceptor,
    tx: mpsc::Sender<(Box<dyn Conn>, L::Addr)>,
) where
    L: Listener,
    L::Addr: std::fmt::Debug + 'static,
{
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(HANDSHAKES));
    loop {
        let slot = tokio::select! {
            () = tx.closed() => return,
            slot = std::sync::Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => return,
            },
        };
        let (io, addr) = tokio::select! {
            () = tx.closed() => return,
            accepted = inner.accept() => accepted,
        };
        let (acceptor, tx) = (acceptor.clone(), tx.clone());
        tokio::spawn(async move {
            // Held through the handshake only: once handed over, the
            // connection counts against the server's connection cap.
            let _slot = slot;
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(io)).await {
                Ok(Ok(stream)) => {
                    let _ = tx.send((Box::new(stream) as Box<dyn Conn>, addr)).await;
                }
                Ok(Err(e)) => tracing::debug!(?addr, error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!(?addr, "TLS handshake timed out"),
            }
        });
    }
}

impl<L> Listener for MaybeTls<L>
where
    L: Listener,
    L::Addr: Clone + std::fmt::Debug + Sync + 'static,
{
    type Io = Box<dyn Conn>;
    type Addr = L::Addr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self {
            MaybeTls::Plain(inner) => {
                let (io, addr) = inner.accept().await;
                (Box::new(io), addr)
            }
            MaybeTls::Tls { ready, .. } => match ready.recv().await {
                Some(conn) => conn,
                // The accept loop only ends once this receiver is gone.
                None => std::future::pending().await,
            },
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        match self {
            MaybeTls::Plain(inner) => inner.local_addr(),
            MaybeTls::Tls { addr, .. } => match addr {
                Ok(a) => Ok(a.clone()),
                Err(e) => Err(std::io::Error::new(e.kind(), e.to_string())),
            },
        }
    }
}
