//! The accept loop: hyper with timers and a cap, where `axum::serve` has
//! neither. Each connection holds a slot of a semaphore; a request head
//! must arrive within `header_timeout`; a client that reads nothing for
//! `write_stall` is cut off; what hyper buffers for it is bounded.

use super::limits::Limits;
use axum::Router;
use axum::serve::Listener;
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
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

/// Serves `app` on `listener` until `shutdown` resolves, then waits for the
/// open connections to finish (the caller ends the streams). `open` counts
/// the connections, for `/metrics`.
pub async fn run<L>(
    mut listener: L,
    app: Router,
    limits: &Limits,
    open: Arc<AtomicU64>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()>
where
    L: Listener,
    L::Addr: std::fmt::Debug,
{
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
        // The listener retries failed accepts itself (out of descriptors
        // and the like), with a pause rather than a spin.
        let (io, addr) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
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
        let io = TokioIo::new(Stalled::new(io, format!("{addr:?}"), limits.write_stall));
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
struct Stalled<T> {
    tcp: T,
    /// Who is at the other end, for the log line.
    peer: String,
    limit: Duration,
    /// Armed while a write is pending; reset by any progress.
    timer: Option<Pin<Box<Sleep>>>,
}

impl<T> Stalled<T> {
    fn new(tcp: T, peer: String, limit: Duration) -> Self {
        Stalled {
            tcp,
            peer,
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
        let peer = &self.peer;
        tracing::warn!(%peer, secs = limit.as_secs(), "closing a connection whose client stopped reading");
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "client stopped reading",
        )))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Stalled<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Stalled<T> {
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
