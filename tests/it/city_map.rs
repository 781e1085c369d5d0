//! A console draws the city its server works (`GET /v1/city/map`), not
//! the built-in one: a server given `--city DIR` with a district renamed
//! sends that city, and the console's map names the renamed district.
//! Outlines that do not load leave the server running without a map, and
//! the console says which city it draws instead.

use crate::console_tmux::Tmux;
use crate::spawned::{BIN, Served, operator};
use citydesk::client::Client;
use std::path::Path;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

/// A city directory: the built-in geography and outlines with 太和区
/// renamed 新和区, or with `outlines` in place of the outlines file.
fn city_dir(dir: &Path, outlines: Option<&str>) -> std::path::PathBuf {
    let city = dir.join("city");
    std::fs::create_dir_all(city.join("geo")).expect("mkdir");
    let renamed = |name: &str| {
        std::fs::read_to_string(format!("{DATA}/{name}"))
            .expect("shipped file")
            .replace("太和区", "新和区")
    };
    std::fs::write(city.join("geography.toml"), renamed("geography.toml")).expect("write");
    let geojson = outlines.map_or_else(|| renamed("geo/districts.geojson"), str::to_owned);
    std::fs::write(city.join("geo/districts.geojson"), geojson).expect("write");
    city
}

fn console(dir: &Path, server: &Served, token: &str) -> Tmux {
    let command = format!(
        "env CITYDESK_TOKEN={token} XDG_CONFIG_HOME={} TERM=xterm-256color {BIN} console --server {}",
        dir.join("config").display(),
        server.url()
    );
    Tmux::open(
        &format!("citydesk-city-map-{}-{}", std::process::id(), server.addr.port()),
        &command,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_draws_the_city_its_server_was_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let city = city_dir(dir.path(), None);
    let db = format!("sqlite:{}", dir.path().join("city.db").display());
    let token = operator(&db, "wangfang", "dispatcher");
    let server = Served::start_with(&db, "127.0.0.1:0", &["--city", &city.display().to_string()]);
    server.ready().await;

    let map = Client::new(&server.url(), Some(token.clone()))
        .expect("client")
        .city_map()
        .await
        .expect("city map");
    assert!(map.geography.contains("新和区") && !map.geography.contains("太和区"));
    assert!(map.outlines.contains("新和区"));
    let anonymous = Client::new(&server.url(), None).expect("client").city_map().await;
    assert_eq!(
        anonymous.expect_err("a token is needed").status(),
        Some(reqwest::StatusCode::UNAUTHORIZED)
    );

    let tmux = console(dir.path(), &server, &token);
    tmux.wait_for("live");
    tmux.keys(&["W"]);
    let screen = tmux.wait_for("新和区");
    assert!(!screen.contains("太和区"), "{screen}");
    assert!(!screen.contains("map:"), "no warning: {screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn outlines_that_do_not_load_leave_the_server_up_and_the_console_says_what_it_draws() {
    let dir = tempfile::tempdir().expect("tempdir");
    let city = city_dir(dir.path(), Some("{\"type\": \"FeatureCollection\""));
    let db = format!("sqlite:{}", dir.path().join("city.db").display());
    let token = operator(&db, "wangfang", "dispatcher");
    let server = Served::start_with(&db, "127.0.0.1:0", &["--city", &city.display().to_string()]);
    server.ready().await;
    assert!(
        server.stderr().contains("no city map for consoles"),
        "{}",
        server.stderr()
    );
    let refused = Client::new(&server.url(), Some(token.clone()))
        .expect("client")
        .city_map()
        .await
        .expect_err("no map");
    assert_eq!(refused.status(), Some(reqwest::StatusCode::NOT_FOUND));

    let tmux = console(dir.path(), &server, &token);
    tmux.wait_for("map: the server sent no city map");
}

/// Items closed before the console started still heat the map: the console
/// asks the server for the window's closed reports (`heat_hours` long, from
/// the config file).
#[tokio::test(flavor = "multi_thread")]
async fn the_heat_view_counts_items_closed_before_the_console_started() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("city.db").display());
    let token = operator(&db, "wangfang", "dispatcher");
    let server = Served::start(&db);
    server.ready().await;
    let desk = Client::new(&server.url(), Some(token.clone())).expect("client");
    for title in ["噪音扰民 甲", "噪音扰民 乙"] {
        let item = desk
            .create(&crate::common::ticket(title), None)
            .await
            .expect("create")
            .item
            .item;
        let reject = citydesk::model::Action::Reject {
            reason: "重复来电".into(),
        };
        crate::common::act(&desk, &item, reject).await;
    }
    crate::common::new_ticket(&desk, "路灯不亮").await;

    let config = dir.path().join("config/citydesk");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(config.join("config.toml"), "heat_hours = 12\n").expect("config");
    let tmux = console(dir.path(), &server, &token);
    tmux.wait_for("live");
    tmux.keys(&["W"]);
    tmux.keys(&["H"]);
    tmux.wait_for("heat: 3 reports in 12h");
}
