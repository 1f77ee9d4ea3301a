/** Reads server-sent events from /api/events into a list, with the time each arrived. */
export function listen(url: string) {
  const events: Array<{ event: string; data: any; at: number }> = [];
  const controller = new AbortController();
  const done = (async () => {
    const response = await fetch(`${url}/api/events`, { signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data), at: Date.now() });
      }
    }
  })().catch(() => {});
  return { events, close: () => (controller.abort(), done) };
}
