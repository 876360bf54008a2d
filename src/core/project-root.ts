import { fileURLToPath } from 'node:url';

/** The folder that holds package.json, from src/core (tests) as from dist/core (built). */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
