// Loaded with --import: fails any import of the web stack, to prove a module does without it.
import { register } from 'node:module';

register('./forbid-web-packages-hooks.mjs', import.meta.url);
