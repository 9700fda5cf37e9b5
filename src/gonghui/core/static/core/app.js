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
// Charts: <div class="echart" data-option='{...json...}' data-title="..."></div>
// Every chart gets a "save as image" button whose file is named after the chart and the date
// (not echarts.svg), and axis labels are kept inside the chart (grid.containLabel), never cut.
function gonghuiChartOption(el, option) {
  var titles = [].concat(option.title || []);
  var title = el.getAttribute("data-title") || (titles[0] && titles[0].text) || document.title;
  var today = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var stamp = today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate());
  option.toolbox = option.toolbox || { right: 0 };
  option.toolbox.feature = option.toolbox.feature || {};
  var save = option.toolbox.feature.saveAsImage || { pixelRatio: 2 };
  save.name = (title + "-" + stamp).replace(/[\\/:*?"<>|\s]+/g, "_");
  if (!save.title) { save.title = el.getAttribute("data-save-label") || "保存为图片"; }
  option.toolbox.feature.saveAsImage = save;
  if (option.xAxis || option.yAxis) {
    var grids = [].concat(option.grid || {});
    grids.forEach(function (g) { g.containLabel = true; });
    option.grid = grids.length === 1 ? grids[0] : grids;
  }
  return option;
}

function gonghuiRenderCharts(root) {
  if (typeof echarts === "undefined") { return; }
  (root || document).querySelectorAll(".echart[data-option]").forEach(function (el) {
    if (el.dataset.rendered) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(gonghuiChartOption(el, JSON.parse(el.getAttribute("data-option"))));
    el.dataset.rendered = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  });
}
document.addEventListener("DOMContentLoaded", function () { gonghuiRenderCharts(document); });
document.addEventListener("htmx:afterSettle", function (e) { gonghuiRenderCharts(e.target); });
