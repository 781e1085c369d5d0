//! `citydesk bench-console`: the console's figures with a large mirror,
//! printed beside their targets.

use crate::cli::BenchConsoleArgs;

pub fn run(args: BenchConsoleArgs) -> anyhow::Result<()> {
    let layout = super::sim::layout(None, &crate::data::default_city(), crate::present::i18n::Lang::En);
    let f = crate::console::bench::run(args.items, layout)?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!("console with {} open items (200x50):", f.items);
    println!(
        "  snapshot decode to first frame  {:>8.1} ms   (target <= 1000 ms)",
        ms(f.first_frame)
    );
    println!(
        "    of which JSON decode {:.1} ms, mirror load {:.1} ms, sort + first draw {:.1} ms",
        ms(f.decoded),
        ms(f.loaded - f.decoded),
        ms(f.first_frame - f.loaded)
    );
    println!(
        "  one frame, p50 / max            {:>8.2} / {:.2} ms   (target <= 2 ms)",
        ms(f.render_p50),
        ms(f.render_max)
    );
    println!(
        "  filter keystroke, p50 / max     {:>8.1} / {:.1} ms   (target <= 30 ms)",
        ms(f.filter_p50),
        ms(f.filter_max)
    );
    println!(
        "  resident memory                 {:>8.1} MiB  (target <= 200 MiB)",
        f.rss_mib
    );
    println!(
        "  bytes written for a 1-row change {:>7} B    (target < 1024 B)",
        f.one_row_bytes
    );
    if let Some(m) = f.map {
        println!(
            "  city map, {} items placed on the built-in city's grids:",
            m.placed
        );
        println!("    order rebuilt with positions  {:>8.1} ms", ms(m.prepare));
        println!(
            "    one map frame, p50 / max      {:>8.2} / {:.2} ms   (target <= 2 ms)",
            ms(m.render_p50),
            ms(m.render_max)
        );
        println!(
            "    zoom key: rebin + frame, p50 / max {:>3.2} / {:.2} ms",
            ms(m.rebin_p50),
            ms(m.rebin_max)
        );
        println!("    one heat frame, p50           {:>8.2} ms", ms(m.heat_p50));
    }
    Ok(())
}
