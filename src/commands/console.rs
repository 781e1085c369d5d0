//! `citydesk console`: the keyboard console, with its settings decided
//! here (flags over environment over `config.toml` over defaults) so the
//! console itself reads none.

use crate::cli::{ConsoleArgs, LookArgs, TransportArgs};
use crate::client::Transport;
use crate::config::{self, Flags, Resolved};
use crate::console::app::{App, panes::PaneKind};
use crate::console::{Options, run as run_console};
use crate::t;
use anyhow::bail;

pub async fn run(args: ConsoleArgs) -> anyhow::Result<()> {
    let settings = settings(args.server, None, args.look, args.transport)?;
    let Some(token) = settings.token.clone() else {
        bail!(
            "no token: set CITYDESK_TOKEN, or `token = \"…\"` in {} (make one with `citydesk operator add`)",
            settings.file_name()
        );
    };
    let mut opts = options(settings, token);
    with_server_map(&mut opts).await;
    run_console(opts).await
}

/// The server's city for the map (`GET /v1/city/map`), so a console far
/// from the city directory draws the city its server works; when the
/// server sends none, or one that does not load, the map `opts` had (the
/// built-in city) stays and a notice says so.
pub async fn with_server_map(opts: &mut Options) {
    let lang = opts.lang;
    let instead = if opts.map.is_some() {
        t!(lang, "map-notice-built-in")
    } else {
        t!(lang, "map-notice-none")
    };
    let fetched =
        match crate::client::Client::connect(&opts.server, Some(opts.token.clone()), &opts.transport) {
            Ok(client) => client
                .with_language(lang.tag())
                .city_map()
                .await
                .map_err(|e| crate::console::effects::said(lang, &e)),
            Err(e) => Err(crate::console::effects::said(lang, &e)),
        };
    let why = match fetched {
        Ok(map) => match sources(map).layout("(server) ") {
            Ok(layout) => {
                opts.map = Some(std::sync::Arc::new(layout));
                return;
            }
            Err(e) => t!(lang, "map-notice-bad", error = e.to_string()),
        },
        Err(e) => t!(lang, "map-notice-missing", error = e),
    };
    opts.notices
        .push(t!(lang, "map-notice", why = why, instead = instead));
}

fn sources(map: crate::api::CityMap) -> crate::data::MapSources {
    crate::data::MapSources {
        departments: map.departments,
        taxonomy: map.taxonomy,
        geography: map.geography,
        outlines: map.outlines,
    }
}

/// The console's settings (console and demo): the flags given over
/// `config.toml`, which is written with every setting commented out on the
/// first run, over the defaults.
pub fn settings(
    server: Option<String>,
    token: Option<String>,
    look: LookArgs,
    transport: TransportArgs,
) -> anyhow::Result<Resolved<PaneKind>> {
    let dir = config::config_dir();
    let file = config::load(dir.as_deref())?;
    let flags = Flags {
        server,
        token,
        ca_file: transport.ca_file,
        insecure_http: transport.insecure_http,
        theme: look.theme,
        keymap: look.keymap,
        ascii: look.ascii,
        lang: look.lang.get(),
    };
    Ok(config::resolve(flags, file, dir))
}

/// What the console runs with, once there is a token.
pub fn options(settings: Resolved<PaneKind>, token: String) -> Options {
    Options {
        transport: Transport {
            ca_file: settings.ca_file,
            insecure_http: settings.insecure_http,
        },
        server: settings.server,
        token,
        theme: settings.theme,
        keymap: settings.keymap,
        ascii: settings.ascii,
        lang: settings.lang,
        layout: settings.layout.unwrap_or_else(App::default_layout),
        config_dir: settings.dir,
        draft: crate::config::data_dir().ok().map(|d| d.join("call-draft.json")),
        // The built-in city's, drawn only when the server sends none of its
        // own (`GET /v1/city/map`).
        map: super::sim::layout(None, &crate::data::default_city(), settings.lang),
        heat_hours: settings.heat_hours,
        notices: Vec::new(),
    }
}
