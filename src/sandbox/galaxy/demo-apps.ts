/**
 * The sandbox's demo apps, one in each state a publishing tool meets (PROTOCOL §3): live with a
 * draft ready to submit (seed 003's example app, so its curl command answers 204 on a fresh
 * sandbox), live only, in review, rejected, and a new app being registered. Plus their in-app
 * items and rollout settings. Numbers that Samsung sends as strings are strings.
 */
import type { SandboxApp, SandboxBinary, SandboxRecord } from './publishing-state.js';

function binary(seq: number, packageName: string, versionCode: number, fileName: string): SandboxBinary {
  return {
    binarySeq: String(seq),
    fileName,
    fileSize: String(18_000_000 + seq * 1024),
    versionCode: String(versionCode),
    versionName: `1.${versionCode}.0`,
    packageName,
    gms: 'Y',
    apiminSdkVersion: '26',
    binarySeqForDeviceInfo: String(seq),
  };
}

function record(status: string, fields: Record<string, unknown>, binaries: SandboxBinary[]): SandboxRecord {
  return { contentStatus: status, fields: { defaultLanguageCode: 'ENG', paid: 'N', publicationType: '03', standardPrice: '0', ...fields }, binaries };
}

function app(contentId: string, contentName: string, packageName: string, live: SandboxRecord | undefined, draft: SandboxRecord | undefined): SandboxApp {
  return { contentId, contentName, packageName, applicationType: 'android', category: 'Games', modifyDate: '2026-11-20 06:03:42', live, draft };
}

/** A fresh set of demo apps (each sandbox has its own). */
export function demoApps(): SandboxApp[] {
  const game = 'com.example.mygame';
  const runner = 'com.example.spacerunner';
  return [
    app(
      '000007654321',
      'My Game',
      game,
      record('FOR_SALE', { appTitle: 'My Game', publicationType: '01' }, [binary(101, game, 7, 'mygame-20261101T080000000Z.apk')]),
      record('UPDATING', { appTitle: 'My Game', publicationType: '01', newFeature: 'Bug fixes' }, [
        binary(101, game, 7, 'mygame-20261101T080000000Z.apk'),
        binary(102, game, 8, 'mygame-20261120T060000000Z.apk'),
      ]),
    ),
    app('000001234567', 'Demo Watch Face', 'com.example.watchface', undefined, record('REGISTERING', { appTitle: 'Demo Watch Face', paid: 'Y', standardPrice: '0.99' }, [binary(201, 'com.example.watchface', 1, 'watchface-20261115T100000000Z.apk')])),
    app('000007000010', 'Space Runner', runner, record('FOR_SALE', { appTitle: 'Space Runner' }, [binary(301, runner, 41, 'spacerunner-20261010T090000000Z.apk')]), undefined),
    app(
      '000007000020',
      'Chess Club',
      'com.example.chessclub',
      record('FOR_SALE', { appTitle: 'Chess Club' }, [binary(401, 'com.example.chessclub', 3, 'chessclub-20260901T090000000Z.apk')]),
      record('UNDER_REVIEW', { appTitle: 'Chess Club' }, [binary(402, 'com.example.chessclub', 4, 'chessclub-20261119T090000000Z.apk')]),
    ),
    app(
      '000007000030',
      'Tiny Notes',
      'com.example.tinynotes',
      record('FOR_SALE', { appTitle: 'Tiny Notes' }, [binary(501, 'com.example.tinynotes', 9, 'tinynotes-20260801T090000000Z.apk')]),
      record('UPDATE_REJECTED', { appTitle: 'Tiny Notes' }, [binary(502, 'com.example.tinynotes', 10, 'tinynotes-20261112T090000000Z.apk')]),
    ),
  ];
}

const price = (usd: number) => ({ usdPrice: usd, prices: [{ countryId: 'USA', currency: 'USD', localPrice: usd.toFixed(2) }] });
const item = (id: string, title: string, usd: number) => ({
  id,
  title,
  description: title,
  type: 'ITEM',
  status: 'PUBLISHED',
  itemPaymentMethod: { phoneBillStatus: true },
  ...price(usd),
});

/** In-app items per package; a package absent here is not linked to IAP (106). */
export function demoIapItems(): Map<string, Map<string, Record<string, unknown>>> {
  const byPackage = new Map<string, Map<string, Record<string, unknown>>>();
  const add = (pkg: string, items: Record<string, unknown>[]) => byPackage.set(pkg, new Map(items.map((i) => [i.id as string, i])));
  add('com.example.mygame', [item('coins_100', '100 Coins', 0.99), item('coins_500', '500 Coins', 3.99), item('no_ads', 'Remove Ads', 1.99)]);
  add('com.example.spacerunner', []);
  return byPackage;
}
