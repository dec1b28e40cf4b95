// While a handover on the page runs, fetch the page again every few seconds and swap in its
// live part (the table or the detail), leaving forms alone. A signed-out fetch reloads, which
// shows the sign-in.
(function () {
  const EVERY_MS = 3000;
  async function tick() {
    const live = document.getElementById("live");
    if (!live || live.dataset.live !== "true") return;
    let reply;
    try {
      reply = await fetch(location.href, { credentials: "same-origin", cache: "no-store" });
    } catch (error) {
      setTimeout(tick, EVERY_MS);
      return;
    }
    if (reply.redirected || !reply.ok) {
      location.reload();
      return;
    }
    const page = new DOMParser().parseFromString(await reply.text(), "text/html");
    const fresh = page.getElementById("live");
    if (fresh) live.replaceWith(fresh);
    setTimeout(tick, EVERY_MS);
  }
  setTimeout(tick, EVERY_MS);
})();
