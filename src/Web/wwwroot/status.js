// Fills each "State" cell by requesting the service's API document through the gateway.
for (const cell of document.querySelectorAll("[data-probe]")) {
  fetch(cell.dataset.probe)
    .then(response => { cell.textContent = response.ok ? "answering" : `error ${response.status}`; cell.className = response.ok ? "ok" : "bad"; })
    .catch(() => { cell.textContent = "unreachable"; cell.className = "bad"; });
}
