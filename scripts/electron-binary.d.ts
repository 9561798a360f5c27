/** Types of scripts/electron-binary.js (plain JS so `npm start` needs no build). */
export declare const electronPackageDir: string;
export declare function installedElectron(): string | undefined;
