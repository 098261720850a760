#!/usr/bin/env node
/* Search index size and query speed on a built site:
     node tests/bench/search.js OUTPUT_FOLDER
   Loads OUTPUT_FOLDER/assets/search-index.js and the theme's search.js (the
   same code the search page runs), then times a set of queries. A benchmark,
   not a test: report ratios and orders of magnitude, not exact figures. */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const out = process.argv[2];
if (!out) { console.error("usage: node tests/bench/search.js OUTPUT_FOLDER"); process.exit(2); }
const indexFile = path.join(out, "assets", "search-index.js");
const source = fs.readFileSync(indexFile);
global.window = {};
let start = process.hrtime.bigint();
require(path.resolve(indexFile));
const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
const search = require(path.join(__dirname, "..", "..", "themes", "default", "static", "search.js"));
const index = window.briefingSearchIndex;
const queries = ["stalking", "harass", "restraining order", "fear of violence", "custody", "evidence handling",
  "welfare checks", "risk", "safeguarding referral", "the chain of custody", "s.4A", "victim personal statement"];
search.search(index, "warm up", 50);
const rounds = 20;
start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) { for (const q of queries) { search.search(index, q, 50); } }
const queryMs = Number(process.hrtime.bigint() - start) / 1e6 / (rounds * queries.length);
console.log("| pages indexed | words | index MB | gzipped MB | load ms (Node) | query ms (mean of " + rounds * queries.length + ") |");
console.log("|---:|---:|---:|---:|---:|---:|");
console.log("| " + index.docs.length + " | " + Object.keys(index.words).length + " | " + (source.length / 1e6).toFixed(2) + " | " +
  (zlib.gzipSync(source).length / 1e6).toFixed(2) + " | " + loadMs.toFixed(0) + " | " + queryMs.toFixed(3) + " |");
