/** A page-filling card with the brand: loading, an error (with a reload button if asked) or nothing to show yet. */
export function FullPageMessage(props: { title: string; detail?: string; brand?: string; retry?: boolean; alert?: boolean }) {
  return (
    <main className="full-page">
      <div className="full-page__card">
        <p className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">
            盘
          </span>
          {props.brand ?? '盘活'}
        </p>
        <h1>{props.title}</h1>
        {props.detail && <p role={props.retry || props.alert ? 'alert' : undefined}>{props.detail}</p>}
        {props.retry && (
          <button type="button" className="button" onClick={() => window.location.reload()}>
            重新加载
          </button>
        )}
      </div>
    </main>
  );
}
