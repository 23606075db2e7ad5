export default function ShareLinkNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-10 text-center" data-testid="share-invalid">
      <p className="text-lg font-medium">This link does not work</p>
      <p className="mt-1 text-sm text-slate-600">It was revoked, it has expired, or it never existed. Ask whoever shared it for a new one.</p>
    </div>
  );
}
