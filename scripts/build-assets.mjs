#!/usr/bin/env node
// Builds Lantern's static assets into lantern/frontend/build/ (git-ignored, and one of
// Django's STATICFILES_DIRS). No bundler: Sass compiles the stylesheet and the rest is
// copied from node_modules as published.
//
//   build/lantern/lantern.css          lantern/frontend/assets/scss/lantern.scss, compressed
//   build/lantern/*.js                 lantern/frontend/assets/js/*.js (ES modules)
//   build/lantern/images/              lantern/frontend/assets/images/ (Lantern's own favicon)
//   build/govuk/assets/                GOV.UK Frontend images and manifest.json; not its fonts:
//                                      GDS Transport is for GOV.UK only (lantern.scss)
//   build/govuk/govuk-frontend.min.js  GOV.UK Frontend's ES module (+ its source map)
//   build/vendor/htmx.min.js           htmx
//   build/vendor/leaflet/              Leaflet 1.9 (leaflet.js, leaflet.css, images/)
//   build/vendor/leaflet-geoman/       Leaflet-Geoman (free): drawing and editing polygons
//   build/vendor/uppy/                 Uppy's ES module bundle (Core, Dashboard, Tus) + CSS
//   build/vendor/cytoscape.min.js      Cytoscape.js
//
// Run it with `make assets` (which runs `npm ci` first) or `node scripts/build-assets.mjs`.
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = path.join(root, "node_modules");
const source = path.join(root, "lantern", "frontend", "assets");
const build = path.join(root, "lantern", "frontend", "build");
const govukDist = path.join(modules, "govuk-frontend", "dist", "govuk");

async function copy(from, to) {
  if (!existsSync(from)) {
    throw new Error(`missing ${path.relative(root, from)}: run npm ci`);
  }
  await mkdir(path.dirname(to), { recursive: true });
  await cp(from, to, { recursive: true });
}

// Every url() in the CSS must name a file in the build, or Django's manifest storage
// fails at collectstatic; better to fail here, with the name of the file.
function checkUrls(css, cssFile) {
  const missing = [];
  for (const match of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
    const url = match[1];
    if (/^(data:|https?:|\/\/|#)/.test(url)) continue;
    const target = path.resolve(path.dirname(cssFile), url.split(/[?#]/)[0]);
    if (!existsSync(target)) missing.push(url);
  }
  if (missing.length) {
    throw new Error(`${path.relative(root, cssFile)} refers to missing files: ${missing.join(", ")}`);
  }
}

async function main() {
  for (const dir of ["govuk", "lantern", "vendor"]) {
    await rm(path.join(build, dir), { recursive: true, force: true });
  }

  // GOV.UK Frontend: images (the CSS names some), manifest, and the JavaScript. Not the
  // GDS Transport font: Lantern is not on GOV.UK, and its stylesheet names a system font.
  await copy(path.join(govukDist, "assets"), path.join(build, "govuk", "assets"));
  await rm(path.join(build, "govuk", "assets", "fonts"), { recursive: true, force: true });

  // Our images: the favicon (GOV.UK's crown icons are for GOV.UK only).
  await copy(path.join(source, "images"), path.join(build, "lantern", "images"));
  for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
    // The map is copied too: the script names it, and the manifest storage checks that.
    await copy(path.join(govukDist, name), path.join(build, "govuk", name));
  }

  // htmx.
  await copy(
    path.join(modules, "htmx.org", "dist", "htmx.min.js"),
    path.join(build, "vendor", "htmx.min.js"),
  );

  // Leaflet (maps): the script, its stylesheet and the marker images the CSS names.
  for (const name of ["leaflet.js", "leaflet.js.map", "leaflet.css", "images"]) {
    await copy(path.join(modules, "leaflet", "dist", name), path.join(build, "vendor", "leaflet", name));
  }

  // Leaflet-Geoman (drawing and editing shapes; the polygon field): its UMD script, which
  // extends the global L, and its stylesheet (icons as data: URIs).
  const geoman = path.join(modules, "@geoman-io", "leaflet-geoman-free", "dist");
  for (const name of ["leaflet-geoman.min.js", "leaflet-geoman.css"]) {
    for (const file of [name, `${name}.map`]) {
      await copy(path.join(geoman, file), path.join(build, "vendor", "leaflet-geoman", file));
    }
  }

  // Uppy (resumable uploads over tus): the published ES module bundle and its stylesheet.
  for (const name of ["uppy.min.mjs", "uppy.min.mjs.map", "uppy.min.css"]) {
    await copy(path.join(modules, "uppy", "dist", name), path.join(build, "vendor", "uppy", name));
  }

  // Cytoscape.js (link charts).
  await copy(
    path.join(modules, "cytoscape", "dist", "cytoscape.min.js"),
    path.join(build, "vendor", "cytoscape.min.js"),
  );

  // Our JavaScript, as written (ES modules importing ../govuk/govuk-frontend.min.js).
  const jsDir = path.join(source, "js");
  for (const name of (await readdir(jsDir)).filter((n) => n.endsWith(".js")).sort()) {
    await copy(path.join(jsDir, name), path.join(build, "lantern", name));
  }

  // Our stylesheet, with GOV.UK Frontend compiled in.
  const cssFile = path.join(build, "lantern", "lantern.css");
  const result = await sass.compileAsync(path.join(source, "scss", "lantern.scss"), {
    loadPaths: [modules],
    style: "compressed",
    quietDeps: true,
    sourceMap: false,
  });
  checkUrls(result.css, cssFile);
  await mkdir(path.dirname(cssFile), { recursive: true });
  await writeFile(cssFile, result.css + "\n");

  console.log(`assets built in ${path.relative(root, build)}/`);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
