/** The apps and in-app items the sandbox's Galaxy Store shows (shapes as observed, PROTOCOL §2.5). */

export interface DemoContent {
  contentName: string;
  contentId: string;
  contentStatus: string;
  standardPrice: string;
  paid: 'Y' | 'N';
  modifyDate: string;
  packageName: string;
}

export function demoContents(): DemoContent[] {
  return [
    {
      contentName: 'My Game',
      contentId: '000007654321',
      contentStatus: 'FOR_SALE',
      standardPrice: '0',
      paid: 'N',
      modifyDate: '2024-07-24 06:03:42',
      packageName: 'com.example.mygame',
    },
    {
      contentName: 'Demo Watch Face',
      contentId: '000001234567',
      contentStatus: 'REGISTERING',
      standardPrice: '0.99',
      paid: 'Y',
      modifyDate: '2024-06-01 10:00:00',
      packageName: 'com.example.watchface',
    },
  ];
}

export const DEMO_IAP_ITEMS: Readonly<Record<string, readonly Record<string, unknown>[]>> = Object.freeze({
  'com.example.mygame': [
    { itemId: 'coins_100', itemName: '100 Coins', itemType: 'CONSUMABLE', status: 'PUBLISHED', price: '0.99', currency: 'USD' },
    { itemId: 'coins_500', itemName: '500 Coins', itemType: 'CONSUMABLE', status: 'PUBLISHED', price: '3.99', currency: 'USD' },
    { itemId: 'no_ads', itemName: 'Remove Ads', itemType: 'NON_CONSUMABLE', status: 'PUBLISHED', price: '1.99', currency: 'USD' },
  ],
});
