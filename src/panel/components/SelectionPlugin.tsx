import { useLayoutEffect, useRef } from 'react';
import type uPlot from 'uplot';
import { UPlotConfigBuilder } from '@grafana/ui';

import { DragMode, TimeWindow } from '../types';

/** Drags narrower than this many CSS pixels are clicks, not selections. */
const MIN_DRAG_PX = 5;

interface Props {
  config: UPlotConfigBuilder;
  mode: DragMode;
  /** The window to shade: the one being diagnosed or last diagnosed. */
  window: TimeWindow | null;
  shadeColor: string;
  edgeColor: string;
  onSelect: (window: TimeWindow) => void;
  onZoom: (window: TimeWindow) => void;
}

/**
 * Adds the panel's drag behaviour and the shaded diagnosis window to the plot. One drag gesture serves two modes, so
 * the mode is read at the moment the drag ends, from a ref: switching modes does not rebuild the plot.
 */
export function SelectionPlugin({ config, mode, window, shadeColor, edgeColor, onSelect, onZoom }: Props) {
  const plotRef = useRef<uPlot | null>(null);
  const latest = useRef({ mode, window, shadeColor, edgeColor, onSelect, onZoom });
  // Declared first so that it runs before the redraw below reads it.
  useLayoutEffect(() => {
    latest.current = { mode, window, shadeColor, edgeColor, onSelect, onZoom };
  });

  useLayoutEffect(() => {
    config.setCursor({ drag: { x: true, y: false, setScale: false } });
    config.addHook('init', (u) => {
      plotRef.current = u;
    });
    config.addHook('setSelect', (u) => {
      const { left, width } = u.select;
      if (width >= MIN_DRAG_PX) {
        const picked = { from: u.posToVal(left, 'x'), to: u.posToVal(left + width, 'x') };
        if (latest.current.mode === 'select') {
          latest.current.onSelect(picked);
        } else {
          latest.current.onZoom(picked);
        }
      }
      u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
    });
    config.addHook('draw', (u) =>
      drawWindow(u, latest.current.window, latest.current.shadeColor, latest.current.edgeColor)
    );
    return () => {
      plotRef.current = null;
    };
  }, [config]);

  // The window lives outside uPlot's data, so a change needs an explicit redraw (paths stay cached).
  useLayoutEffect(() => {
    plotRef.current?.redraw(false, false);
  }, [window, shadeColor]);

  return null;
}

function drawWindow(u: uPlot, window: TimeWindow | null, shadeColor: string, edgeColor: string) {
  if (!window) {
    return;
  }
  const { ctx, bbox } = u;
  const x0 = Math.max(bbox.left, u.valToPos(window.from, 'x', true));
  const x1 = Math.min(bbox.left + bbox.width, u.valToPos(window.to, 'x', true));
  if (!(x1 > x0)) {
    return;
  }
  ctx.save();
  ctx.fillStyle = shadeColor;
  ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
  ctx.strokeStyle = edgeColor;
  ctx.lineWidth = Math.max(1, devicePixelRatio);
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(x0, bbox.top);
  ctx.lineTo(x0, bbox.top + bbox.height);
  ctx.moveTo(x1, bbox.top);
  ctx.lineTo(x1, bbox.top + bbox.height);
  ctx.stroke();
  ctx.restore();
}
