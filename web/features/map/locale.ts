/** MapLibre's own control texts in Chinese, so screen readers and tooltips match the rest of the page. */
export const MAP_LOCALE: Record<string, string> = {
  'AttributionControl.ToggleAttribution': '显示或隐藏数据来源',
  'Map.Title': '地图',
  'Marker.Title': '地图标注',
  'NavigationControl.ResetBearing': '恢复正北方向',
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'Popup.Close': '关闭',
  'ScaleControl.Meters': '米',
  'ScaleControl.Kilometers': '千米',
};
