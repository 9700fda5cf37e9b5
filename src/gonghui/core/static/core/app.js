// Small behaviours that need no inline script (CSP: script-src 'self').
document.addEventListener("DOMContentLoaded", function () {
  // Confirm before dangerous submits: <button data-confirm="...">
  document.body.addEventListener("click", function (e) {
    var el = e.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
  });
  // Auto-submit a filter form when a select changes: <select data-autosubmit>
  document.body.addEventListener("change", function (e) {
    if (e.target.matches("select[data-autosubmit]")) { e.target.form.submit(); }
  });
});
// Charts: <div class="echart" data-option='{...json...}'></div>
function gonghuiRenderCharts(root) {
  if (typeof echarts === "undefined") { return; }
  (root || document).querySelectorAll(".echart[data-option]").forEach(function (el) {
    if (el.dataset.rendered) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(JSON.parse(el.getAttribute("data-option")));
    el.dataset.rendered = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  });
}
document.addEventListener("DOMContentLoaded", function () { gonghuiRenderCharts(document); });
document.addEventListener("htmx:afterSettle", function (e) { gonghuiRenderCharts(e.target); });
