//! Fetches the web app's front-end libraries and map data with npm (d3, topojson-client and
//! world-atlas's Natural Earth country outlines), from the versions `web/package-lock.json` pins,
//! into this build's output directory; the server embeds them. They are never copied into the
//! repository.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let web = manifest.join("../../web");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("npm");
    for f in ["package.json", "package-lock.json"] {
        println!("cargo:rerun-if-changed={}", web.join(f).display());
    }
    std::fs::create_dir_all(&out).expect("cannot create the npm directory in OUT_DIR");
    let lock = std::fs::read(web.join("package-lock.json")).expect("web/package-lock.json is missing");
    let installed = EMBEDDED.iter().all(|f| out.join("node_modules").join(f).exists())
        && std::fs::read(out.join("package-lock.json")).is_ok_and(|old| old == lock);
    if !installed {
        for f in ["package.json", "package-lock.json"] {
            std::fs::copy(web.join(f), out.join(f)).unwrap_or_else(|e| panic!("cannot copy web/{f}: {e}"));
        }
        npm_ci(&out);
    }
    println!("cargo:rustc-env=ANNALS_NPM_DIR={}", out.display());
}

/// The files of `node_modules` that `src/assets.rs` embeds.
const EMBEDDED: &[&str] =
    &["d3/dist/d3.min.js", "topojson-client/dist/topojson-client.min.js", "world-atlas/countries-50m.json"];

/// `npm ci` of the production dependencies only, without install scripts.
fn npm_ci(dir: &Path) {
    let status = Command::new("npm")
        .args(["ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!(
            "`npm ci` for the web app's libraries failed ({s}) in {}: the npm registry must be reachable",
            dir.display()
        ),
        Err(e) => panic!("annals-server needs Node.js's npm to fetch the web app's libraries (d3, topojson-client, world-atlas): {e}"),
    }
}
