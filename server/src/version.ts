// The product's version, from package.json (the bundler keeps only this field of it).
import { version } from '../../package.json';

export const PRODUCT_VERSION: string = version;
