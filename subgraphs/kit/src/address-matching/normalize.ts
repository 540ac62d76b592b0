import { convertChineseNumerals } from './chinese-numerals';

const CHINESE_DIGIT = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * One spelling for what people type in many: NFKC folds full-width digits, letters and signs
 * (１２＃, Ａ座) into ASCII; spaces and punctuation go; dashes become '-'; brackets and what they
 * hold go (人民路(东溪段) is 人民路); Chinese numerals that stand for numbers become digits; and a
 * road's ordinal written as a digit (兴业1路) is spelled as the standard spells it (兴业一路).
 */
export function normalizeAddressText(raw: string): string {
  let text = raw.normalize('NFKC').toUpperCase();
  text = text.replace(/[([{【〔][^)\]}】〕]*[)\]}】〕]/g, '');
  text = text.replace(/[‐‑‒–—―~〜－]/g, '-');
  text = text.replace(/[\s,.;:!?、，。；：！？"'“”‘’`·…()[\]{}【】〔〕<>《》/\\|_+=*&^%$@]/g, '');
  text = text.replace(/(?<!\d)([1-9])(?=(路|街|巷|横路|大道|马路))/g, (_, d: string) => CHINESE_DIGIT[Number(d)]!);
  text = convertChineseNumerals(text);
  return text.replace(/-+/g, '-').replace(/^-|-$/g, '');
}
