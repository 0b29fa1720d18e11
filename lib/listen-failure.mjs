// Why a server cannot listen on HOSTNAME:PORT, in words that name the variable to change.
// Plain JavaScript, shared by server.mjs (when listen fails) and `npm start`
// (scripts/start.mjs, which tries the port before it starts anything), so both say the
// same thing.

/**
 * @param {NodeJS.ErrnoException} error the error of a failed `listen`
 * @param {{ hostname: string; port: number }} address
 * @returns {string}
 */
export function listenFailureMessage(error, { hostname, port }) {
  const where = `${hostname}:${port}`;
  if (error.code === "EADDRINUSE") {
    return `Port ${port} is already in use (${where}). Stop what listens there, or set PORT to another port.`;
  }
  if (error.code === "EACCES") {
    return `Not allowed to listen on port ${port} (${where}). Set PORT to a port above 1023.`;
  }
  return `Cannot listen on ${where} (${error.code ?? error.message}). Check HOSTNAME and PORT.`;
}
