//! The accept loop: hyper with timers and a cap, where `axum::serve` has
//! neither. Each connection holds a slot of a semaphore; a request head
//! must arrive within `header_timeout`; a client that reads nothing for
//! `write_stall` is cut off; what hyper buffers for it is bounded.

use super::limits::Limits;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

/// Serves `app` on `listener` until `shutdown` resolves, then waits for the
/// open connections to finish (the caller ends the streams). `open` counts
/// the connections, for `/metrics`.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    open: Arc<AtomicU64>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        // hyper's minimum is 8 KiB.
        .max_buf_size(limits.write_buffer.max(8192));
    tokio::pin!(shutdown);
    loop {
        let tcp = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    // Out of descriptors and the like: back off, do not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // At the cap: wait for a slot as long as an idle client may take
        // to be closed, with the rest waiting in the kernel's backlog.
        let slot = match tokio::time::timeout(limits.header_timeout, Arc::clone(&slots).acquire_owned()).await
        {
            Ok(Ok(slot)) => slot,
            Ok(Err(_)) => break,
            Err(_) => {
                tracing::warn!(
                    max = limits.max_connections,
                    "connection refused: every slot is taken"
                );
                continue;
            }
        };
        // Without TCP_NODELAY small SSE frames wait for delayed ACKs (p99 of
        // ~28 ms instead of ~3 ms on loopback).
        let _ = tcp.set_nodelay(true);
        let io = TokioIo::new(Stalled::new(tcp, limits.write_stall));
        let service = TowerToHyperService::new(app.clone());
        let conn = graceful.watch(builder.serve_connection(io, service));
        let open = Arc::clone(&open);
        open.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(async move {
            // A timeout or reset is the client's business, not an error here.
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
            open.fetch_sub(1, Ordering::Relaxed);
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// A socket that fails a write which has made no progress for `limit`:
/// hyper then closes the connection, and what it held for the client is
/// freed.
struct Stalled {
    tcp: TcpStream,
    limit: Duration,
    /// Armed while a write is pending; reset by any progress.
    timer: Option<Pin<Box<Sleep>>>,
}

impl Stalled {
    fn new(tcp: TcpStream, limit: Duration) -> Self {
        Stalled {
            tcp,
            limit,
            timer: None,
        }
    }

    /// A write is pending: has it been for too long?
    fn check(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let limit = self.limit;
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(Instant::now() + limit)));
        ready!(timer.as_mut().poll(cx));
        let peer = self.tcp.peer_addr().map(|a| a.to_string()).unwrap_or_default();
        tracing::warn!(%peer, secs = limit.as_secs(), "closing a connection whose client stopped reading");
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "client stopped reading",
        )))
    }
}

impl AsyncRead for Stalled {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stalled {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.tcp).poll_write(cx, buf) {
            Poll::Pending => self.check(cx),
            done => {
                self.timer = None;
                done
            }
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs) {
            Poll::Pending => self.check(cx),
            done => {
                self.timer = None;
                done
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}
