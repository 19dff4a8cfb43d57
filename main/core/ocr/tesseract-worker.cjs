// The script tesseract.js runs in its recognition thread (passed as `workerPath`), in place of its
// own worker-script/node/index.js. Written by hand because tesseract.js reads every language from
// one `langPath` folder, while the npm packages keep each language in a folder of its own, and
// because its own script would fetch from a CDN whenever a file is missing. Here the adapter has
// no network at all: language files are read only from the two files this thread was given, and
// any attempt to fetch, or to write a cache, fails loudly.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { parentPort } = require('node:worker_threads');
const worker = require('tesseract.js/src/worker-script');
const getCore = require('tesseract.js/src/worker-script/node/getCore');

/** Language code → its .traineddata.gz file, from SAKSHYA_TESSDATA (JSON, set by the parent). */
function readLanguageFiles() {
  const files = JSON.parse(process.env.SAKSHYA_TESSDATA || '{}');
  return new Map(Object.entries(files));
}

const languageFiles = readLanguageFiles();

function refuseNetwork(url) {
  return Promise.reject(
    new Error(`text reading never uses the network (asked for ${String(url)})`),
  );
}

function readLanguageFile(requested) {
  const name = path.basename(String(requested)).replace(/\.traineddata(\.gz)?$/, '');
  const file = languageFiles.get(name);
  if (file === undefined) return Promise.reject(new Error(`no language data for "${name}"`));
  return fs.promises.readFile(file);
}

parentPort.on('message', (packet) => {
  worker.dispatchHandlers(packet, (obj) => parentPort.postMessage(obj));
});

worker.setAdapter({
  getCore,
  gunzip: zlib.gunzipSync,
  fetch: refuseNetwork,
  readCache: readLanguageFile,
  writeCache: () => Promise.reject(new Error('text reading keeps no cache')),
  deleteCache: () => Promise.resolve(),
  checkCache: () => Promise.resolve(false),
});
