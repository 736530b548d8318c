/** WebAssembly files embedded by the build (esbuild's binary loader). */
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
