// Starts the portal: loads the wasm-bindgen glue (app.js) and the WASM module, then the app mounts
// itself on <body>. If that fails (a missing file, an old browser, a proxy in the way), the page
// says so instead of staying blank. No inline script: the portal's CSP allows only files from 'self'.

const APP_JS = "/app.js?v=__APP_JS_HASH__";
const APP_WASM = "/app_bg.wasm?v=__APP_WASM_HASH__";

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  return el;
}

// A quiet "Loading…" only when start-up is slow, so fast loads do not flash it.
let loading = null;
const loadingTimer = setTimeout(() => {
  loading = element("div", "boot-message boot-loading");
  loading.setAttribute("role", "status");
  loading.append(element("span", "boot-spinner"), element("p", null, "Loading Provider Portal…"));
  document.body.append(loading);
}, 400);

function stopLoading() {
  clearTimeout(loadingTimer);
  if (loading) loading.remove();
}

function showError(err) {
  stopLoading();
  const box = element("div", "boot-message boot-error");
  box.setAttribute("role", "alert");
  box.append(
    element("h1", null, "Provider Portal could not start"),
    element(
      "p",
      null,
      "The portal's files could not be loaded or run. Reload the page. If this keeps happening, your " +
        "browser may be too old to run WebAssembly, or something between you and the server (a proxy " +
        "or a content filter) is blocking the portal's files.",
    ),
  );
  const details = element("pre", "boot-error-detail", String((err && err.message) || err));
  const reload = element("button", "btn btn-primary", "Reload");
  reload.type = "button";
  reload.addEventListener("click", () => window.location.reload());
  box.append(details, reload);
  document.body.append(box);
}

try {
  if (typeof WebAssembly !== "object") {
    throw new Error("This browser does not support WebAssembly.");
  }
  // A dynamic import, so that a missing or broken app.js lands in the catch below.
  const { default: init } = await import(APP_JS);
  await init({ module_or_path: APP_WASM });
  stopLoading();
} catch (err) {
  console.error("Provider Portal could not start:", err);
  showError(err);
}
